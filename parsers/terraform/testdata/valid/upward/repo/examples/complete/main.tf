# An example that calls the repository's own module from two levels down,
# scanned from its own directory.
module "trail" {
  source = "../../"
  name   = "example"
}
