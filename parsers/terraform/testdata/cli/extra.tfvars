name    = "from-file"
nonnull = null
