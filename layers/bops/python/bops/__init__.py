"""BoPS: the back-office planning system's domain package (shipped as a Lambda layer)."""
