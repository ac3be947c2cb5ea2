from enum import StrEnum


class MediaTypeType0(StrEnum):
    VALUE_0 = "2"
    VALUE_1 = "5"
    VALUE_2 = "18"
    VALUE_3 = "19"
    VALUE_4 = "53"

    def __str__(self) -> str:
        return str(self.value)
