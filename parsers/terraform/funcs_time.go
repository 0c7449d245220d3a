package terraform

import (
	"errors"
	"fmt"
	"time"

	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

func timeFuncs(c caps) map[string]function.Function {
	return map[string]function.Function{
		// A letter of the spec writes at most a weekday's name.
		"formatdate":    guard("formatdate", c.growing(stdlib.FormatDateFunc, 9, 1)),
		"timeadd":       guard("timeadd", stdlib.TimeAddFunc),
		"timecmp":       guard("timecmp", timeCmpFunc),
		"timestamp":     unknownFunc(nil, cty.String, "timestamp() is the time of the run"),
		"plantimestamp": unknownFunc(nil, cty.String, "plantimestamp() is the time of the plan"),
	}
}

// timeCmpFunc is Terraform's timecmp of two RFC 3339 timestamps.
var timeCmpFunc = function.New(&function.Spec{
	Params: []function.Parameter{str("timestamp_a"), str("timestamp_b")},
	Type:   function.StaticReturnType(cty.Number),
	Impl: func(args []cty.Value, _ cty.Type) (cty.Value, error) {
		a, err := parseTimestamp(args[0].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(0, err)
		}
		b, err := parseTimestamp(args[1].AsString())
		if err != nil {
			return cty.NilVal, function.NewArgError(1, err)
		}
		switch {
		case a.Equal(b):
			return cty.NumberIntVal(0), nil
		case a.Before(b):
			return cty.NumberIntVal(-1), nil
		}
		return cty.NumberIntVal(1), nil
	},
})

// parseTimestamp reads an RFC 3339 timestamp and words its errors by the
// part of the timestamp, not by Go's layout.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err == nil {
		return t, nil
	}
	var pe *time.ParseError
	if !errors.As(err, &pe) {
		return time.Time{}, err
	}
	if pe.LayoutElem == "" && pe.ValueElem == "" && pe.Message != "" {
		return time.Time{}, fmt.Errorf("not a valid RFC3339 timestamp%s", pe.Message)
	}
	what := map[string]string{"2006": "year", "01": "month", "02": "day of month", "15": "hour",
		"04": "minute", "05": "second", "Z07:00": "UTC offset"}[pe.LayoutElem]
	switch pe.LayoutElem {
	case "T":
		return time.Time{}, errors.New("not a valid RFC3339 timestamp: missing required time introducer 'T'")
	case ":", "-":
		if pe.ValueElem == "" {
			return time.Time{}, fmt.Errorf("not a valid RFC3339 timestamp: end of string where %q is expected", pe.LayoutElem)
		}
		return time.Time{}, fmt.Errorf("not a valid RFC3339 timestamp: found %q where %q is expected", pe.ValueElem, pe.LayoutElem)
	}
	if what == "" {
		what = "timestamp segment"
	}
	if pe.ValueElem == "" {
		return time.Time{}, fmt.Errorf("not a valid RFC3339 timestamp: end of string before %s", what)
	}
	return time.Time{}, fmt.Errorf("not a valid RFC3339 timestamp: cannot use %q as %s", pe.ValueElem, what)
}
