variable "enabled" {
  type = bool
}

# The count is not known without the variable, and -1 is not a count:
# both are evaluation problems, shown with --verbose, never failing a run.
resource "aws_kms_key" "maybe" {
  count               = var.enabled ? 1 : 0
  enable_key_rotation = true
}

resource "aws_kms_key" "broken" {
  count               = -1
  enable_key_rotation = true
}
