"""Duty rosters (排班): shifts, who works which shift on which weekdays, and the exceptions."""
