"""联席会议: joint meetings built from the agenda, their decisions tracked to done like tickets."""
