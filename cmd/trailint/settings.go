package main

import (
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/trailint/trailint/analyzers"
	"github.com/trailint/trailint/analyzers/rules"
	"github.com/trailint/trailint/config"
	"github.com/trailint/trailint/scan"
)

// loadConfig reads the settings file: the one named by --config, which must
// lie in the scan root, or else .trailint.yaml in the scan root itself. It
// is read as the scan reads files: through an os.Root, so that a symbolic
// link cannot lead it out of the repository; without waiting on a named
// pipe; and only when it is a regular file within maxSize. No settings
// file is not an error: it returns nil.
func loadConfig(root, flag string, maxSize int64) (*config.Config, error) {
	fsys, err := scan.OpenFS(root)
	if err != nil {
		return nil, err
	}
	defer fsys.Close()
	if flag == "" {
		name, err := config.Find(fsys)
		if err != nil || name == "" {
			return nil, err
		}
		return config.Load(fsys, name, maxSize)
	}
	rel, err := relAll(root, []string{flag})
	if err != nil {
		return nil, fmt.Errorf("--config: %w", err)
	}
	return config.Load(fsys, rel[0], maxSize)
}

// configError prints a settings file's mistakes one per line, each
// starting with file:line:col as compilers print them, so that editors can
// jump to them; other errors are usage errors.
func configError(stderr io.Writer, err error) int {
	var ce *config.Error
	if !errors.As(err, &ce) {
		return usageError(stderr, "%v", err)
	}
	_, _ = fmt.Fprintln(stderr, err)
	return exitUsage
}

// settings are the flags and the settings file merged: flags given on the
// command line win, and lists add up (the file's first, so that a later
// --var-file overrides the file's, as Terraform orders them).
type settings struct {
	failNever bool
	failLevel analyzers.Severity
	scan      scan.Options
}

func merge(o *options, cfg *config.Config) (*settings, error) {
	s := &settings{scan: scan.Options{Region: o.region, MaxFileSize: o.maxFileSize}}
	failOn := o.failOn
	if cfg != nil {
		if !o.changed("region") && cfg.Region != "" {
			s.scan.Region = cfg.Region
		}
		if !o.changed("fail-on") && cfg.FailOn != "" {
			failOn = cfg.FailOn
		}
		s.scan.Exclude = append(s.scan.Exclude, cfg.Exclude...)
		s.scan.VarFiles = append(s.scan.VarFiles, cfg.Terraform.VarFiles...)
		s.scan.ParameterFiles = append(s.scan.ParameterFiles, cfg.CloudFormation.ParameterFiles...)
		s.scan.Vars = addAll(s.scan.Vars, cfg.Terraform.Vars)
		s.scan.Parameters = addAll(s.scan.Parameters, cfg.CloudFormation.Parameters)
		s.scan.StackNames = addAll(s.scan.StackNames, cfg.CloudFormation.StackNames)
	}
	s.failNever = failOn == "never"
	if !s.failNever {
		lv, err := analyzers.ParseSeverity(failOn)
		if err != nil {
			return nil, fmt.Errorf("--fail-on: %w", err)
		}
		s.failLevel = lv
	}
	vars, err := keyValues("--var", o.vars)
	if err != nil {
		return nil, err
	}
	params, err := keyValues("--parameter", o.params)
	if err != nil {
		return nil, err
	}
	s.scan.Vars = addAll(s.scan.Vars, vars)
	s.scan.Parameters = addAll(s.scan.Parameters, params)
	// Only the command line's names are checked: a settings file serves
	// every scan of the tree, some of which see only part of it.
	for name := range vars {
		s.scan.CheckVars = append(s.scan.CheckVars, name)
	}
	for name := range params {
		s.scan.CheckParameters = append(s.scan.CheckParameters, name)
	}
	sort.Strings(s.scan.CheckVars)
	sort.Strings(s.scan.CheckParameters)
	s.scan.Exclude = append(s.scan.Exclude, o.exclude...)
	return s, nil
}

// addAll copies src over dst, making dst when needed.
func addAll(dst, src map[string]string) map[string]string {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(map[string]string, len(src))
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// ruleSet returns the rules to run (the shared analyzers, minus disabled
// ones) and the same rules as the report shows them: copies carrying the
// levels of the settings file. The shared values are never changed, since
// every caller of rules.All sees them.
func ruleSet(cfg *config.Config) (run, shown []*analyzers.Analyzer) {
	for _, a := range rules.All() {
		if cfg.Disabled(a.Name) {
			continue
		}
		run = append(run, a)
		if lv, ok := level(cfg, a.Name); ok && lv != a.Severity {
			c := *a
			c.Severity = lv
			a = &c
		}
		shown = append(shown, a)
	}
	return run, shown
}

func level(cfg *config.Config, rule string) (analyzers.Severity, bool) {
	if cfg == nil {
		return 0, false
	}
	lv, ok := cfg.Severity[rule]
	return lv, ok
}

// relevel gives each diagnostic the level its rule has in shown.
func relevel(ds []analyzers.Diagnostic, shown []*analyzers.Analyzer) {
	levels := make(map[string]analyzers.Severity, len(shown))
	for _, a := range shown {
		levels[a.Name] = a.Severity
	}
	for i := range ds {
		if lv, ok := levels[ds[i].Rule]; ok {
			ds[i].Severity = lv
		}
	}
}
