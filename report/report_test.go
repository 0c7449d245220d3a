package report

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func TestGolden(t *testing.T) {
	tests := []struct {
		golden string
		format string
		input  func(t *testing.T, docs *int) *Input
	}{
		{"full.text", "text", func(t *testing.T, d *int) *Input { return fullInput(t, d) }},
		{"full-suppressed.text", "text", func(t *testing.T, d *int) *Input {
			in := fullInput(t, d)
			in.ShowSuppressed = true
			return in
		}},
		{"full-color.text", "text", func(t *testing.T, d *int) *Input {
			in := fullInput(t, d)
			in.Color = true
			return in
		}},
		{"full.json", "json", func(t *testing.T, d *int) *Input { return fullInput(t, d) }},
		{"full.sarif", "sarif", func(t *testing.T, d *int) *Input { return fullInput(t, d) }},
		{"full-category.sarif", "sarif", func(t *testing.T, d *int) *Input {
			in := fullInput(t, d)
			in.Category = "terraform"
			return in
		}},
		{"full.github", "github", func(t *testing.T, d *int) *Input { return fullInput(t, d) }},
		{"many.github", "github", func(_ *testing.T, d *int) *Input { return manyInput(d) }},
		{"many-suppressed.github", "github", func(_ *testing.T, d *int) *Input {
			in := manyInput(d)
			in.ShowSuppressed = true
			return in
		}},
		{"empty.text", "text", func(t *testing.T, d *int) *Input { return emptyInput(d) }},
		{"empty.json", "json", func(t *testing.T, d *int) *Input { return emptyInput(d) }},
		{"empty.sarif", "sarif", func(t *testing.T, d *int) *Input { return emptyInput(d) }},
		{"empty.github", "github", func(t *testing.T, d *int) *Input { return emptyInput(d) }},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			docs := 0
			var buf bytes.Buffer
			if err := Write(&buf, tt.format, tt.input(t, &docs)); err != nil {
				t.Fatal(err)
			}
			if tt.format != "sarif" && docs != 0 {
				t.Errorf("%s output read rule docs %d times; only SARIF needs them", tt.format, docs)
			}
			if tt.format == "sarif" {
				validate(t, buf.Bytes())
			}
			path := filepath.Join("testdata", tt.golden+".golden")
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("output differs from %s (run with -update to accept):\n%s", path, diff(string(want), got))
			}
		})
	}
}

// diff shows the first differing line, enough to find a regression.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\nwant: " + wl + "\ngot:  " + gl
		}
	}
	return ""
}

var schema *gojsonschema.Schema

// validate checks a SARIF document against the OASIS schema kept in
// testdata, so that the check needs no network.
func validate(t testing.TB, doc []byte) {
	t.Helper()
	if schema == nil {
		b, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
		if err != nil {
			t.Fatal(err)
		}
		schema, err = gojsonschema.NewSchema(gojsonschema.NewBytesLoader(b))
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := schema.Validate(gojsonschema.NewBytesLoader(doc))
	if err != nil {
		t.Fatalf("not JSON: %v\n%s", err, doc)
	}
	for _, e := range res.Errors() {
		t.Errorf("SARIF schema: %s", e)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := Write(&buf, "xml", emptyInput(new(int)))
	if err == nil || err.Error() != `unknown format "xml" (want text, json, sarif, github)` {
		t.Fatalf("err = %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q for an unknown format", buf.String())
	}
}

func TestFormats(t *testing.T) {
	if got := strings.Join(Formats(), " "); got != "text json sarif github" {
		t.Errorf("Formats() = %s", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, f := range Formats() {
		if err := Write(failWriter{}, f, emptyInput(new(int))); err == nil || err.Error() != "disk full" {
			t.Errorf("%s: err = %v, want disk full", f, err)
		}
	}
}
