"""What `tsunagu serve` is made of: a bounded HTTP server and a pool of the Chalice app."""
