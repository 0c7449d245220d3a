region      = "ap-southeast-2"
kms_key_arn = "arn:aws:kms:ap-southeast-2:111122223333:key/abcd"
