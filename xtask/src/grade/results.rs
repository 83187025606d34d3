//! What grading writes: each student's `results.json` in Exercism's test-runner format
//! (version 2: a status, a message and an output per test), and the class table, printed
//! and written as CSV and Markdown.

use std::path::Path;

use serde_json::{Value, json};

use super::{Graded, Status};

/// The version of Exercism's test-runner interface `results.json` follows.
pub const VERSION: u64 = 2;

/// The class table's columns.
pub const COLUMNS: [&str; 5] = [
    "student",
    "programs",
    "passed",
    "first failing scenario",
    "its top hint",
];

/// A student's results, in Exercism's format.
pub fn results_json(graded: &Graded) -> Value {
    let tests: Vec<Value> = graded
        .tests
        .iter()
        .map(|test| {
            let mut one = json!({
                "name": test.name,
                "status": test.status.as_str(),
                "test_code": test.test_code,
            });
            if let Some(message) = &test.message {
                one["message"] = json!(message);
            }
            if let Some(output) = &test.output {
                one["output"] = json!(output);
            }
            one
        })
        .collect();
    json!({
        "version": VERSION,
        "status": graded.status().as_str(),
        "message": graded.message(),
        "tests": tests,
    })
}

/// Writes `OUT/STUDENT/results.json`.
pub fn write_results(out: &Path, graded: &Graded) -> Result<(), String> {
    let dir = out.join(&graded.student);
    std::fs::create_dir_all(&dir)
        .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
    let path = dir.join("results.json");
    let text = serde_json::to_string_pretty(&results_json(graded))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    std::fs::write(&path, text + "\n")
        .map_err(|error| format!("cannot write {}: {error}", path.display()))
}

/// A student's row of the class table, one cell per column.
pub fn row(graded: &Graded) -> [String; 5] {
    let failing = graded.first_failing();
    let hint = match (failing, &graded.error) {
        (_, Some(error)) => error.clone(),
        (Some(test), None) => test.hint.clone().unwrap_or_default(),
        (None, None) => String::new(),
    };
    [
        graded.student.clone(),
        graded.programs.join(" "),
        format!("{}/{}", graded.passed(), graded.tests.len()),
        failing.map(|test| test.name.clone()).unwrap_or_default(),
        one_line(&hint),
    ]
}

/// A cell's text on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The class table as CSV (RFC 4180: a field with a comma, a quote or a line break is
/// quoted, its quotes doubled).
pub fn csv(class: &[Graded]) -> String {
    let field = |text: &str| {
        if text.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text.to_owned()
        }
    };
    let mut text = COLUMNS.map(field).join(",") + "\r\n";
    for graded in class {
        text.push_str(&row(graded).map(|cell| field(&cell)).join(","));
        text.push_str("\r\n");
    }
    text
}

/// The class table as Markdown (`|` in a cell escaped).
pub fn markdown(class: &[Graded], heading: &str) -> String {
    let cell = |text: &str| text.replace('|', "\\|");
    let mut text = format!("# {heading}\n\n| {} |\n", COLUMNS.join(" | "));
    text.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len())));
    for graded in class {
        text.push_str(&format!(
            "| {} |\n",
            row(graded).map(|one| cell(&one)).join(" | ")
        ));
    }
    text
}

/// The class table for the terminal: columns aligned, the hint last (it may wrap).
pub fn table(class: &[Graded]) -> String {
    let rows: Vec<[String; 5]> = class.iter().map(row).collect();
    let width = |column: usize| {
        rows.iter()
            .map(|row| row[column].chars().count())
            .chain([COLUMNS[column].chars().count()])
            .max()
            .unwrap_or(0)
    };
    let widths: Vec<usize> = (0..4).map(width).collect();
    let line = |cells: [&str; 5]| {
        let mut text = String::new();
        for (column, cell) in cells.iter().enumerate().take(4) {
            text.push_str(cell);
            let pad = widths[column].saturating_sub(cell.chars().count()) + 2;
            text.push_str(&" ".repeat(pad));
        }
        text.push_str(cells[4]);
        text.trim_end().to_owned() + "\n"
    };
    let mut text = line(COLUMNS);
    for row in &rows {
        text.push_str(&line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    text
}

/// Whether the status is a pass (for the summary).
pub fn all_passed(graded: &Graded) -> bool {
    graded.status() == Status::Pass
}

#[cfg(test)]
mod tests {
    use super::super::Test;
    use super::*;

    fn graded() -> Vec<Graded> {
        let test = |name: &str, status, hint: Option<&str>| Test {
            name: name.into(),
            status,
            message: hint.map(|hint| format!("hint: {hint}")),
            output: Some(">>>".into()),
            test_code: "start server\nstart client".into(),
            hint: hint.map(Into::into),
            timed_out: false,
        };
        vec![
            Graded {
                student: "ann".into(),
                programs: vec!["server.py".into()],
                tests: vec![
                    test("server: a", Status::Pass, None),
                    test(
                        "server: b",
                        Status::Fail,
                        Some("it says \"hi\", then | more"),
                    ),
                ],
                error: None,
            },
            Graded {
                student: "bob, jr".into(),
                programs: vec![],
                tests: vec![],
                error: Some("nothing to grade".into()),
            },
        ]
    }

    #[test]
    fn results_follow_exercism_version_2() {
        let class = graded();
        let ann = results_json(&class[0]);
        assert_eq!(ann["version"], 2);
        assert_eq!(ann["status"], "fail");
        assert_eq!(ann["message"], Value::Null);
        assert_eq!(ann["tests"][0]["status"], "pass");
        assert_eq!(ann["tests"][0].get("message"), None);
        assert_eq!(ann["tests"][1]["name"], "server: b");
        assert_eq!(ann["tests"][1]["test_code"], "start server\nstart client");
        let bob = results_json(&class[1]);
        assert_eq!(bob["status"], "error");
        assert_eq!(bob["message"], "nothing to grade");
        assert_eq!(bob["tests"], json!([]));
    }

    #[test]
    fn the_class_table_quotes_what_its_format_needs() {
        let class = graded();
        let csv = csv(&class);
        assert_eq!(
            csv.lines().nth(1),
            Some("ann,server.py,1/2,server: b,\"it says \"\"hi\"\", then | more\"")
        );
        assert_eq!(
            csv.lines().nth(2),
            Some("\"bob, jr\",,0/0,,nothing to grade")
        );
        let markdown = markdown(&class, "Lesson 04");
        assert!(
            markdown
                .contains("| ann | server.py | 1/2 | server: b | it says \"hi\", then \\| more |"),
            "{markdown}"
        );
        let table = table(&class);
        assert!(table.starts_with("student  programs   passed"), "{table}");
    }
}
