from enum import StrEnum


class CdrCallResultType0(StrEnum):
    VALUE_0 = "0000"
    VALUE_1 = "0900"
    VALUE_2 = "0101"
    VALUE_3 = "-1"
    VALUE_4 = "0601"

    def __str__(self) -> str:
        return str(self.value)
