module "trail" {
  source = "./mod"
  settings = {
    name = "org"
  }
}
