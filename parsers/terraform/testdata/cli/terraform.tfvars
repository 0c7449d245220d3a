name = "from-tfvars"
