"""The owners' committee's monthly assessment of the property firm (业委会测评, docs/assessments.md)."""
