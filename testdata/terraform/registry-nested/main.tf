provider "aws" {
  region = "eu-west-1"
}

# A registry module that calls another registry module: both are read
# from .terraform/modules after terraform init, as Terraform reads them.
module "trail" {
  source  = "example-org/trail/aws"
  version = "1.2.0"
  name    = "org"
}
