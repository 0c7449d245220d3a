# The bucket of a trail declared in another root module.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "units-bucket-key-chain"
}
