# Functions as Terraform evaluates them: each of these once gave a
# diagnostic, or a value Terraform would not give.
variable "context" {
  type    = any
  default = { namespace = "eg" }
}

data "aws_caller_identity" "current" {}

locals {
  # The idiom of label modules: lookup with a null default.
  tenant = lookup(var.context, "tenant", null)
  # A key policy kept in YAML, with the account filled in.
  policy = yamldecode(templatefile("${path.module}/policy.yaml.tftpl", {
    account = data.aws_caller_identity.current.account_id
  }))
}

resource "aws_kms_key" "k" {
  description         = coalesce(local.tenant, "none")
  enable_key_rotation = true
  policy              = jsonencode(local.policy)
}

resource "aws_cloudtrail" "t" {
  name           = format("%s-%s", var.context.namespace, upper(substr("trail", 0, 1)))
  s3_bucket_name = "logs"
  kms_key_id     = aws_kms_key.k.arn
}
