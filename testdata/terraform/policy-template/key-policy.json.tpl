{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableIAMUserPermissions",
      "Effect": "Allow",
      "Principal": {"AWS": "arn:aws:iam::${account_id}:root"},
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowCloudTrailDescribeKey",
      "Effect": "Allow",
      "Principal": {"Service": "cloudtrail.amazonaws.com"},
      "Action": "kms:DescribeKey",
      "Resource": "*",
      "Condition": {"StringEquals": {"aws:SourceArn": "arn:aws:cloudtrail:eu-west-1:${account_id}:trail/${trail_name}"}}
    }
  ]
}
