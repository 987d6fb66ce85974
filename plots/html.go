package plots

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"html/template"

	"github.com/swarmecon/swarmecon/analysis"
)

//go:embed report.html.tmpl
var htmlSource string

// reportCSS is the style of every HTML report (run, compare, sweep).
//
//go:embed report.css
var reportCSS string

// htmlTemplate is report.html: one file with inline CSS and the figures
// as PNG data URIs, so it can be mailed or archived alone and loads
// nothing from anywhere.
var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

type htmlFigure struct {
	Number           int
	Name, Title, Cap string
	Img              template.HTML // <img> with a data: URI, built by imgTag
}

type htmlMetric struct{ Name, Unit, Value string }

// htmlTable is a metrics table; Head names its value column.
type htmlTable struct {
	Head string
	Rows []htmlMetric
}

type htmlData struct {
	CSS      template.CSS
	Meta     analysis.Meta
	Intro    string
	Run      [][2]string
	Key, All htmlTable
	Figures  []htmlFigure
	Notes    []string
}

// html renders report.html with the same content as report.md.
func (r *report) html() ([]byte, error) {
	d := htmlData{
		CSS:   template.CSS(reportCSS),
		Meta:  r.Meta,
		Intro: r.intro(),
		Run:   r.runRows(),
		Key:   r.htmlMetrics(r.Key),
		All:   r.htmlMetrics(r.All),
		Notes: r.allNotes(),
	}
	for _, f := range r.Figures {
		d.Figures = append(d.Figures, htmlFigure{
			Number: f.Number, Name: f.Name, Title: sentence(f.Title), Cap: f.Cap,
			Img: imgTag(f.PNG, mdAlt(f.Cap, f.Title)),
		})
	}
	var b bytes.Buffer
	if err := htmlTemplate.Execute(&b, d); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func (r *report) htmlMetrics(ms []analysis.Metric) htmlTable {
	out := htmlTable{Head: r.valueHeader(), Rows: make([]htmlMetric, len(ms))}
	for i, m := range ms {
		out.Rows[i] = htmlMetric{Name: m.Name, Unit: unitLabel(r.Meta.UnitOf(m.Name)), Value: r.valueText(m)}
	}
	return out
}

// imgTag embeds a PNG as a data: URI. It is built here rather than by
// the template, whose attribute escaping would write every "+" of the
// base64 text as "&#43;" and grow the file by a fifth; base64 has no
// character that needs escaping, and the alt text is escaped.
func imgTag(png []byte, alt string) template.HTML {
	return template.HTML(`<img src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) +
		`" alt="` + template.HTMLEscapeString(alt) + `">`)
}
