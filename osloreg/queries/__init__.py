"""Read side: functions of (session, *, filters) returning DataFrames or small dataclasses."""
