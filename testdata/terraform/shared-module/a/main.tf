provider "aws" {
  region = "us-east-1"
}

data "aws_caller_identity" "current" {}

module "trail" {
  source         = "../modules/trail"
  name           = "a-trail"
  aws_account_id = data.aws_caller_identity.current.account_id
}
