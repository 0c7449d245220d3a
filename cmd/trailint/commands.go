package main

import (
	"fmt"
	"io"

	"github.com/trailint/trailint/analyzers/rules"
)

func version(args []string, stdout, stderr io.Writer) int {
	if len(args) != 0 {
		return usageError(stderr, "version takes no arguments")
	}
	_, _ = fmt.Fprintf(stdout, "trailint %s\n", Version)
	return exitClean
}

// listRules prints every rule with the level it has in this directory: the
// settings file may re-level a rule or turn it off, and this is where a
// user checks what it did.
func listRules(o *options, args []string, stdout, stderr io.Writer) int {
	if len(args) != 0 {
		return usageError(stderr, "rules takes no arguments")
	}
	root, err := scanRoot([]string{"."})
	if err != nil {
		return usageError(stderr, "%v", err)
	}
	cfg, err := loadConfig(root, o.config, o.maxFileSize)
	if err != nil {
		return configError(stderr, err)
	}
	_, shown := ruleSet(cfg)
	on := map[string]string{}
	for _, a := range shown {
		on[a.Name] = a.Severity.String()
	}
	_, _ = fmt.Fprintf(stdout, "%-6s %-8s %s\n", "RULE", "LEVEL", "TITLE")
	for _, a := range rules.All() {
		level, ok := on[a.Name]
		if !ok {
			level = "off"
		}
		_, _ = fmt.Fprintf(stdout, "%-6s %-8s %s\n", a.Name, level, a.Title)
	}
	if cfg != nil {
		_, _ = fmt.Fprintf(stdout, "\nLevels as set by %s.\n", cfg.File)
	}
	return exitClean
}

func explain(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		return usageError(stderr, "explain takes one rule id, e.g. trailint explain TL011")
	}
	a := rules.Lookup(args[0])
	if a == nil {
		return usageError(stderr, "no rule %q; trailint rules lists them", args[0])
	}
	_, _ = fmt.Fprint(stdout, a.Doc())
	return exitClean
}
