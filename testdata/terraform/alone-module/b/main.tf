provider "aws" {
  region = "eu-central-1"
}

module "key" {
  source = "../modules/key"
  alias  = "alias/fixture-alone-b"
}
