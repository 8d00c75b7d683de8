## dict
