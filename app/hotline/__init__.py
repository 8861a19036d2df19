"""12345 hotline work orders (接诉即办): entered or imported, worked as tickets on both clocks, answered back."""
