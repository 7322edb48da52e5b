#!/usr/bin/env python3
"""Entry point: python build.py build|check|serve|new (see README)."""

from gongkai.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
