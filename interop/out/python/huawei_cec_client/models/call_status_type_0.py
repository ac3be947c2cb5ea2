from enum import IntEnum


class CallStatusType0(IntEnum):
    VALUE_5 = 5
    VALUE_6 = 6

    def __str__(self) -> str:
        return str(self.value)
