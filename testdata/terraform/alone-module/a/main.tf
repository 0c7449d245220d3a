# Two roots create the module's key; their trails are in another
# repository. The key's defect is one finding, in the module.
provider "aws" {
  region = "eu-central-1"
}

module "key" {
  source = "../modules/key"
  alias  = "alias/fixture-alone-a"
}
