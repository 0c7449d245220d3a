// Command trailint checks that CloudTrail trails and event data stores in
// Terraform and CloudFormation encrypt their logs with a customer managed KMS
// key that CloudTrail can use.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
