package main

import (
	"fmt"
	"io"
)

// usageText is the help. It is written out rather than generated so that
// flags are grouped by what they are for and lines fit 80 columns; a test
// checks that it lists every flag.
const usageText = `trailint checks that CloudTrail trails and CloudTrail Lake event data stores
in Terraform and CloudFormation encrypt their logs with a customer managed KMS
key that CloudTrail can use: the key policy, the key's region and the key
itself. It reads files only and never calls AWS.

Usage:
  trailint [flags] [--] [PATH ...]
                                check directories (recursively) and files;
                                the default PATH is .; after --, every
                                argument is a PATH, whatever its name
  trailint rules                list the rules and their levels
  trailint explain RULE         show a rule's documentation (explain TL011)
  trailint version              print the version

A file named alone is checked with its whole directory (its Terraform module,
its sibling templates), and only findings that touch the named files are
reported. This is how pre-commit runs trailint.

Output:
  -f, --format FORMAT         text (default), json, sarif or github
  -o, --output FILE           write the report to FILE, not standard output
                              (replaced, never written through a link)
      --fail-on LEVEL         exit 1 on findings at or above LEVEL: error,
                              warning (default), note; never exits 0
      --show-suppressed       also list findings silenced by trailint:ignore
      --sarif-category NAME   tell several SARIF uploads of one commit apart
  -q, --quiet                 findings, and besides them only what fails
                              the run; no summary line
  -v, --verbose               also show every value that could not be
                              evaluated, and the budget used (on stderr)
      --no-color              no colours, even on a terminal

Input:
      --config FILE           read settings from FILE instead of the scan
                              root's .trailint.yaml
      --region REGION         region of providers and stacks that name none
                              (a region of any AWS partition)
      --var NAME=VALUE        set a Terraform variable (repeatable)
      --var-file FILE         read Terraform variables from FILE (repeatable)
      --plan FILE             read what a Terraform plan (terraform show -json)
                              of the first directory named knows
      --parameter KEY=VALUE   set a CloudFormation parameter (repeatable)
      --parameter-file FILE   read CloudFormation parameters from FILE, in the
                              AWS CLI's JSON form (repeatable)
      --stack-name TEMPLATE=NAME
                              the stack name TEMPLATE is deployed under, for
                              exports named after AWS::StackName (repeatable)
      --exclude PATTERN       skip paths matching PATTERN (repeatable)
      --max-file-size BYTES   skip larger files, with a warning
                              (default 10485760: 10 MiB)
  -h, --help                  show this help
      --version               print the version, as trailint version

Settings:
  .trailint.yaml in the scan root (the working directory, or the directory
  named) can disable rules, change their levels, and set the region,
  variables, parameters, excludes and --fail-on. Flags given on the command
  line win. See docs/integrations.md.

Exit status:
  0  no finding at or above --fail-on
  1  findings at or above --fail-on, a file that does not parse (at or
     above --fail-on), or a construct over the run's budget
  2  usage error, nothing could be read, or a bug of trailint

Environment:
  NO_COLOR  plain text output (colours are used only on a terminal)
`

func help(stdout io.Writer) int {
	_, _ = fmt.Fprint(stdout, usageText)
	return exitClean
}
