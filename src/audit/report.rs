//! The audit's report as text (a table grouped by area, then a summary line), JSON (the
//! documented schema, `"schema": "oauthctl-audit/1"`) and JUnit XML (one test case per
//! check, a failure for `fail`, skipped for `skip`, an error for `error`).

use serde_json::{json, Value};

use super::{Finding, Report, Verdict, CATALOG};

pub const SCHEMA: &str = "oauthctl-audit/1";

fn summary(report: &Report) -> String {
    format!(
        "{} checks: {} passed, {} failed, {} warned, {} skipped, {} errors; {} of {} requests in {} ms",
        report.findings.len(),
        report.count(Verdict::Pass),
        report.count(Verdict::Fail),
        report.count(Verdict::Warn),
        report.count(Verdict::Skip),
        report.count(Verdict::Error),
        report.requests,
        report.budget,
        report.ms
    )
}

/// The text table: one line per check under its area, the fix hint under each failure.
pub fn text(report: &Report) -> String {
    let mut out = format!("audit of {}\n", report.issuer);
    let mut area = "";
    for f in &report.findings {
        if f.check.area != area {
            area = f.check.area;
            out.push_str(&format!("\n{area}\n"));
        }
        out.push_str(&format!(
            "  {:<5} {:<6} {:<32} {}\n",
            f.outcome.verdict.name(),
            f.check.severity.name(),
            f.check.id,
            f.outcome.detail
        ));
        if f.outcome.verdict == Verdict::Fail {
            out.push_str(&format!("        fix: {}\n", f.check.fix));
        }
    }
    out.push('\n');
    out.push_str(&summary(report));
    out.push('\n');
    out
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "id": f.check.id,
        "area": f.check.area,
        "title": f.check.title,
        "rule": f.check.rule,
        "source": f.check.source,
        "severity": f.check.severity.name(),
        "result": f.outcome.verdict.name(),
        "detail": f.outcome.detail,
        "fix": f.check.fix,
        "ms": f.ms,
        "evidence": f.evidence.iter().map(|e| json!({
            "method": e.method,
            "endpoint": e.endpoint,
            "status": e.status,
            "error": e.error,
        })).collect::<Vec<_>>(),
    })
}

/// The JSON document (see the README for the schema).
pub fn json(report: &Report) -> Value {
    json!({
        "schema": SCHEMA,
        "issuer": report.issuer,
        "summary": {
            "checks": report.findings.len(),
            "pass": report.count(Verdict::Pass),
            "fail": report.count(Verdict::Fail),
            "warn": report.count(Verdict::Warn),
            "skip": report.count(Verdict::Skip),
            "error": report.count(Verdict::Error),
            "requests": report.requests,
            "budget": report.budget,
            "ms": report.ms,
        },
        "checks": report.findings.iter().map(finding_json).collect::<Vec<_>>(),
    })
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test suite named after the issuer, a test case per check.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"oauthctl audit\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.3}\">\n",
        report.findings.len(),
        report.count(Verdict::Fail),
        report.count(Verdict::Error),
        report.count(Verdict::Skip),
        report.ms as f64 / 1000.0
    ));
    out.push_str(&format!(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">\n",
        xml(&report.issuer),
        report.findings.len(),
        report.count(Verdict::Fail),
        report.count(Verdict::Error),
        report.count(Verdict::Skip)
    ));
    for f in &report.findings {
        out.push_str(&format!(
            "    <testcase classname=\"audit.{}\" name=\"{}\" time=\"{:.3}\">\n",
            xml(f.check.area),
            xml(f.check.id),
            f.ms as f64 / 1000.0
        ));
        let message = xml(&f.outcome.detail);
        match f.outcome.verdict {
            Verdict::Fail => out.push_str(&format!(
                "      <failure message=\"{message}\" type=\"{}\">{} ({})&#10;fix: {}</failure>\n",
                f.check.severity.name(),
                xml(f.check.rule),
                xml(f.check.source),
                xml(f.check.fix)
            )),
            Verdict::Error => out.push_str(&format!("      <error message=\"{message}\"/>\n")),
            Verdict::Skip => out.push_str(&format!("      <skipped message=\"{message}\"/>\n")),
            Verdict::Warn => out.push_str(&format!(
                "      <system-out>warning: {message}</system-out>\n"
            )),
            Verdict::Pass => {}
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// `--list-checks` as text.
pub fn list_text() -> String {
    let mut out = String::new();
    for c in &CATALOG {
        out.push_str(&format!(
            "{:<32} {:<10} {:<6} {}\n{:<32} {} ({})\n",
            c.id,
            c.area,
            c.severity.name(),
            c.title,
            "",
            c.rule,
            c.source
        ));
    }
    out
}

/// `--list-checks --output json`.
pub fn list_json() -> Value {
    Value::Array(
        CATALOG
            .iter()
            .map(|c| {
                json!({
                    "id": c.id, "area": c.area, "title": c.title, "rule": c.rule,
                    "source": c.source, "severity": c.severity.name(), "fix": c.fix,
                })
            })
            .collect(),
    )
}
