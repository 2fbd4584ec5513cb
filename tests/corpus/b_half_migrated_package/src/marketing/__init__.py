"""Marketing jobs that keep Copernica in step with the webshop."""
