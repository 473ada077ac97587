"""Small interfaces the services need from the outside; a port module imports no adapter."""
