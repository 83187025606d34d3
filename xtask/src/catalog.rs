//! The lessons the kit teaches, in the order of the notes.

use std::path::PathBuf;

use crate::workspace;

/// One lesson: a folder under `lessons/` with a package `lessonNN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lesson {
    /// The lesson's number, 1 to 11.
    pub number: u8,
    /// The topic: the folder is `lessons/NN-topic`.
    pub topic: &'static str,
    /// The English title.
    pub title: &'static str,
    /// The notes' Chinese title.
    pub title_zh: &'static str,
}

/// Every lesson, in order.
pub const LESSONS: [Lesson; 9] = [
    Lesson::new(1, "single-exchange", "single exchange", "一次收发"),
    Lesson::new(2, "loop-chat", "loop chat", "循环聊天"),
    Lesson::new(3, "quit", "quit handling", "退出"),
    Lesson::new(4, "reconnect", "reconnect loop", "循环接客"),
    Lesson::new(5, "name-tags", "name tags", "名字标识"),
    Lesson::new(6, "colours", "colours", "不同好友不同颜色"),
    Lesson::new(7, "udp", "UDP chat", "UDP 聊天"),
    Lesson::new(8, "udp-errors", "UDP error cases", "UDP 报错"),
    Lesson::new(10, "group-chat", "many friends at once", "多人聊天"),
];

/// The lessons that have a scenario file (all of them, once the kit is complete).
pub fn with_scenarios() -> Vec<Lesson> {
    LESSONS
        .iter()
        .copied()
        .filter(|lesson| lesson.scenario_file().exists())
        .collect()
}

impl Lesson {
    const fn new(
        number: u8,
        topic: &'static str,
        title: &'static str,
        title_zh: &'static str,
    ) -> Lesson {
        Lesson {
            number,
            topic,
            title,
            title_zh,
        }
    }

    /// Finds a lesson by its number.
    pub fn find(number: u8) -> Option<Lesson> {
        LESSONS
            .iter()
            .copied()
            .find(|lesson| lesson.number == number)
    }

    /// The package name: `lesson01`.
    pub fn package(&self) -> String {
        format!("lesson{:02}", self.number)
    }

    /// The name of one of the lesson's programs: `lesson01-server`.
    pub fn program(&self, kind: &str) -> String {
        format!("lesson{:02}-{kind}", self.number)
    }

    /// The lesson's folder: `lessons/01-single-exchange`.
    pub fn dir(&self) -> PathBuf {
        workspace::root()
            .join("lessons")
            .join(format!("{:02}-{}", self.number, self.topic))
    }

    /// The lesson's scenario file.
    pub fn scenario_file(&self) -> PathBuf {
        self.dir().join("scenarios.txt")
    }

    /// How the lesson's programs talk: lessons 07 and 08 use UDP.
    pub fn transport(&self) -> crate::engine::Transport {
        if matches!(self.number, 7 | 8) {
            crate::engine::Transport::Udp
        } else {
            crate::engine::Transport::Tcp
        }
    }

    /// Whether the lesson's programs take turns: one at its prompt reads only its keyboard.
    /// Every lesson but 10, the group chat, where messages arrive while one types: there
    /// no rule of `engine::stuck` applies.
    pub fn turn_based(&self) -> bool {
        self.number != 10
    }

    /// `lesson 01 · single exchange (一次收发)`
    pub fn heading(&self) -> String {
        format!(
            "lesson {:02} · {} ({})",
            self.number, self.title, self.title_zh
        )
    }
}
