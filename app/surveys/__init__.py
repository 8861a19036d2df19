"""Residents' satisfaction surveys (满意度测评): per estate and period, pushed, answered, summed up."""
