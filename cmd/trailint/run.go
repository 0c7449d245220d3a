package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/trailint/trailint/report"
)

// Version is the release of trailint; set at build time with
// -ldflags "-X main.Version=...".
var Version = "0.1.0"

// Exit statuses of the command-line contract.
const (
	exitClean    = 0
	exitFindings = 1
	exitUsage    = 2
)

type options struct {
	format         string
	output         string
	failOn         string
	region         string
	config         string
	vars           []string
	varFiles       []string
	plan           string
	params         []string
	paramFiles     []string
	stackNames     []string
	showSuppressed bool
	category       string
	maxFileSize    int64
	exclude        []string
	verbose        bool
	quiet          bool
	version        bool
	noColor        bool
	// changed tells flags given on the command line from defaults: those
	// win over the settings file, defaults do not.
	changed func(name string) bool
}

// newFlags defines the flags. Their help is written out in usage.go, where
// they are grouped; a test checks that every flag is listed there.
func newFlags(o *options) *pflag.FlagSet {
	fl := pflag.NewFlagSet("trailint", pflag.ContinueOnError)
	// Errors and help are printed by run, so that a mistyped flag gets one
	// line and a hint rather than the whole help.
	fl.SetOutput(io.Discard)
	fl.Usage = func() {}
	fl.SortFlags = false
	fl.StringVarP(&o.format, "format", "f", "text", "output format")
	fl.StringVarP(&o.output, "output", "o", "", "report file")
	fl.StringVar(&o.failOn, "fail-on", "warning", "exit 1 on findings at or above this level")
	fl.BoolVar(&o.showSuppressed, "show-suppressed", false, "also list suppressed findings")
	fl.StringVar(&o.category, "sarif-category", "", "SARIF runAutomationDetails category")
	fl.BoolVarP(&o.verbose, "verbose", "v", false, "also show evaluation problems and the budget used")
	fl.BoolVarP(&o.quiet, "quiet", "q", false, "findings only")
	fl.BoolVar(&o.noColor, "no-color", false, "plain text output")
	fl.StringVar(&o.config, "config", "", "settings file")
	fl.StringVar(&o.region, "region", "", "default region")
	fl.StringArrayVar(&o.vars, "var", nil, "Terraform variable")
	fl.StringArrayVar(&o.varFiles, "var-file", nil, "Terraform variables file")
	fl.StringVar(&o.plan, "plan", "", "Terraform plan in JSON")
	fl.StringArrayVar(&o.params, "parameter", nil, "CloudFormation parameter")
	fl.StringArrayVar(&o.paramFiles, "parameter-file", nil, "CloudFormation parameters file")
	fl.StringArrayVar(&o.stackNames, "stack-name", nil, "CloudFormation stack name of a template")
	fl.StringArrayVar(&o.exclude, "exclude", nil, "path pattern to skip")
	fl.Int64Var(&o.maxFileSize, "max-file-size", 10<<20, "largest file read, in bytes")
	fl.BoolVar(&o.version, "version", false, "print the version")
	o.changed = fl.Changed
	return fl
}

func run(args []string, stdout, stderr io.Writer) int {
	var o options
	fl := newFlags(&o)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return help(stdout)
		}
		return usageError(stderr, "%v", err)
	}
	paths := fl.Args()
	if o.version {
		return version(paths, stdout, stderr)
	}
	// After "--" every argument is a path, even one named like a command:
	// pre-commit ends the options so, before the file names.
	if len(paths) > 0 && fl.ArgsLenAtDash() != 0 {
		switch paths[0] {
		case "version":
			return version(paths[1:], stdout, stderr)
		case "rules":
			return listRules(&o, paths[1:], stdout, stderr)
		case "explain":
			return explain(paths[1:], stdout, stderr)
		case "help":
			return help(stdout)
		}
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	return check(&o, paths, stdout, stderr)
}

// usageError prints one line and a hint, and returns the usage exit status.
func usageError(stderr io.Writer, format string, a ...any) int {
	_, _ = fmt.Fprintf(stderr, "trailint: "+format+"\n", a...)
	_, _ = fmt.Fprintln(stderr, "Run 'trailint --help' for usage.")
	return exitUsage
}

func validFormat(f string) bool {
	for _, s := range report.Formats() {
		if s == f {
			return true
		}
	}
	return false
}
