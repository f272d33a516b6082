"""CST Inclusion Desktop: a trust's SEND inclusion record, reviews and board reports."""

__version__ = "0.1.0"
APP_NAME = "CST Inclusion Desktop"
APP_SLUG = "cst-inclusion"
