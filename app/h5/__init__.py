"""The steward's mobile page (H5, 红色管家手机页): served at /h5/, it calls the mini-program API."""
