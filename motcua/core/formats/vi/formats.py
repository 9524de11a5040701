# Vietnamese dates are written and typed dd/mm/yyyy (02/09/2027 is the second of September), times 24-hour.
# Django's own `vi` locale writes dates in words ("Ngày 02 tháng 9 năm 2027") and has no input formats, so a
# form took 02/09/2027 as the 9th of February (the default '%m/%d/%Y'). The first input format is also the one
# the admin's date widget and its calendar write. ISO dates stay accepted: the browsers' native date inputs and
# the API send them.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "H:i d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]
