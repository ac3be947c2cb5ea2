from enum import StrEnum


class CallStatusType1(StrEnum):
    VALUE_0 = "5"
    VALUE_1 = "6"

    def __str__(self) -> str:
        return str(self.value)
