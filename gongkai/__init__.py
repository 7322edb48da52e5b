"""gongkai: a static-site generator for Chinese government information-disclosure sites."""

__version__ = "0.1.0"
