//! The Slurm scripts in `examples/slurm/` on a real single-node Slurm
//! (Debian's `slurm-wlm` and `munge`, Slurm 22.05): a 4-task job array of
//! `buurtsim sweep --shard slurm` (a small grid sweep), the merge job after
//! it (`--dependency=afterok`), and `submit.sh` doing both for a `buurtsim
//! run --shard slurm`; each merged result is compared byte for byte with
//! the same sweep or run on this machine.
//!
//! The test brings the cluster up itself, as root and without systemd, all
//! in a temporary folder: its own `munged` (run as the munge user, with its
//! own key, socket and pid file, so it neither uses nor disturbs a munged
//! of the system or of another test run), then `slurmctld` and `slurmd`
//! with a minimal slurm.conf (`AuthInfo` pointing at that socket), state,
//! spool, logs and pid files, on free ports, all traffic on 127.0.0.1. It
//! stops only the daemons it started, by the PIDs in their pid files, in a
//! `Drop` guard, so a failed assertion cleans up too.
//!
//! Where `sbatch` (or another Slurm or munge program) is not installed or
//! the test does not run as root, as on a developer laptop, it shows as
//! `ignored (reason; what to do)` in cargo's output, and fails under
//! `CI=true` (see `tests/needs/mod.rs`; this file runs under the
//! `libtest-mimic` harness, `harness = false` in Cargo.toml). `.ci/run`
//! installs Slurm, runs as root and sets CI=true, so CI runs it for real.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

mod common;
use common::files;
mod needs;
use libtest_mimic::Completion;
use needs::Outcome;

fn main() {
    needs::main(vec![needs::may_skip(
        "job_array_shards_merge_into_the_local_run",
        job_array_shards_merge_into_the_local_run,
    )]);
}

const BUURTSIM: &str = env!("CARGO_BIN_EXE_buurtsim");

const SMALL: &str = "\
name = \"small\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1
replications = 8
";

/// A grid of 3 points x 3 replications: 9 jobs over 4 array tasks, so
/// the shards cut across points.
const SWEEP: &str = "\
name = \"small-sweep\"

[population]
residents = 1500

[run]
years = 2
warmup_years = 1

[interventions.carer_support]

[sweep]
method = \"grid\"
replications = 3

[sweep.parameters]
\"interventions.carer_support.coverage\" = [0.0, 0.3, 0.6]
";

/// What a merged run folder must hold, each byte-identical to the local run.
const REPRODUCIBLE: [&str; 4] = [
    "small/manifest.toml",
    "small/replications.csv",
    "small/summary.csv",
    "small/timeseries.csv",
];

/// What a merged sweep folder must hold, each byte-identical to the local sweep.
const REPRODUCIBLE_SWEEP: [&str; 3] = ["manifest.toml", "points.csv", "replications.csv"];

const DAEMON_TIMEOUT: Duration = Duration::from_secs(60);
const JOB_TIMEOUT: Duration = Duration::from_secs(300);

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// How to get Slurm and munge.
const INSTALL_SLURM: &str =
    "install Slurm and munge with `apt-get install slurm-wlm munge`; .ci/run does";

/// Why the test cannot run here, if it cannot: what is missing, and what
/// to do about it.
fn skip_reason() -> Option<(String, &'static str)> {
    if !on_path("sbatch") {
        return Some((
            "Slurm is not installed (`sbatch` is not on PATH)".into(),
            INSTALL_SLURM,
        ));
    }
    if !is_root() {
        return Some((
            "not running as root (the test starts its own munged, slurmctld and slurmd)".into(),
            "run the tests as root, as .ci/run does",
        ));
    }
    for program in [
        "slurmctld",
        "slurmd",
        "munged",
        "munge",
        "sinfo",
        "scancel",
        "runuser",
    ] {
        let sbin = ["/usr/sbin", "/usr/local/sbin", "/sbin"];
        if !on_path(program) && !sbin.iter().any(|d| Path::new(d).join(program).is_file()) {
            return Some((format!("`{program}` is not installed"), INSTALL_SLURM));
        }
    }
    None
}

/// A daemon program: on PATH, or in an sbin folder that a non-login PATH
/// may lack.
fn program(name: &str) -> PathBuf {
    if on_path(name) {
        return PathBuf::from(name);
    }
    for dir in ["/usr/sbin", "/usr/local/sbin", "/sbin"] {
        let path = Path::new(dir).join(name);
        if path.is_file() {
            return path;
        }
    }
    PathBuf::from(name)
}

/// The last `lines` lines of a file, or why there are none.
fn tail(path: &Path, lines: usize) -> String {
    match fs::read_to_string(path) {
        Ok(text) => {
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("({}: {e})", path.display()),
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("no free port on 127.0.0.1")
        .port()
}

fn short_hostname() -> String {
    let name = fs::read_to_string("/proc/sys/kernel/hostname")
        .ok()
        .or_else(|| {
            Command::new("hostname")
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        })
        .expect("cannot read the host name");
    name.trim().split('.').next().unwrap().to_string()
}

fn mem_total_mb() -> u64 {
    let meminfo = fs::read_to_string("/proc/meminfo").expect("/proc/meminfo");
    let kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("MemTotal in /proc/meminfo");
    kb / 1024
}

fn cpus() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn read_pid(pid_file: &Path) -> Option<u32> {
    fs::read_to_string(pid_file).ok()?.trim().parse().ok()
}

/// Whether `pid` is a live (not zombie) process whose command is `name`.
fn is_running(pid: u32, name: &str) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // "PID (COMM) STATE ..."; COMM may hold spaces and parentheses.
    let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
        return false;
    };
    let comm = &stat[open + 1..close];
    let state = stat[close + 1..].split_whitespace().next().unwrap_or("");
    comm == name && state != "Z" && state != "X"
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([sig, &pid.to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Stops the daemon whose PID is in `pid_file`, if it is still `name`:
/// SIGTERM, then SIGKILL after 15 s.
fn stop(name: &str, pid_file: &Path) {
    let Some(pid) = read_pid(pid_file) else {
        return;
    };
    if !is_running(pid, name) {
        return;
    }
    signal(pid, "-TERM");
    let deadline = Instant::now() + Duration::from_secs(15);
    while is_running(pid, name) {
        if Instant::now() > deadline {
            eprintln!("slurm test: {name} (pid {pid}) ignored SIGTERM; sending SIGKILL");
            signal(pid, "-KILL");
            sleep(Duration::from_millis(500));
            break;
        }
        sleep(Duration::from_millis(100));
    }
}

/// The single-node cluster. Dropping it cancels its jobs and stops the
/// daemons it started (by the PIDs in their pid files), then removes its
/// folder.
struct Cluster {
    dir: tempfile::TempDir,
    conf: PathBuf,
    /// (process name, pid file) of each daemon this test started, in
    /// start order.
    started: Vec<(&'static str, PathBuf)>,
}

impl Cluster {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The daemon logs, for a failure message.
    fn logs(&self) -> String {
        let mut out = String::new();
        for log in ["slurmctld.log", "slurmd.log", "munge/munged.log"] {
            out.push_str(&format!(
                "\n--- last lines of {log} ---\n{}\n",
                tail(&self.path(log), 40)
            ));
        }
        out
    }

    /// Panics with `msg` and the daemon log tails.
    fn fail(&self, msg: &str) -> ! {
        panic!("{msg}\n{}", self.logs())
    }

    /// A Slurm client command talking to this cluster only.
    fn client(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        // Nothing from an enclosing job or the caller's defaults.
        for (key, _) in std::env::vars_os() {
            let key_s = key.to_string_lossy();
            if key_s.starts_with("SLURM_") || key_s.starts_with("SBATCH_") {
                cmd.env_remove(&key);
            }
        }
        cmd.env("SLURM_CONF", &self.conf)
            .current_dir(self.dir.path())
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `cmd` to completion within `timeout`, its output in
    /// `NAME.stdout` / `NAME.stderr`; returns (exit code, stdout, stderr).
    fn run(&self, name: &str, mut cmd: Command, timeout: Duration) -> (i32, String, String) {
        let out_path = self.path(&format!("{name}.stdout"));
        let err_path = self.path(&format!("{name}.stderr"));
        let mut child = cmd
            .stdout(fs::File::create(&out_path).unwrap())
            .stderr(fs::File::create(&err_path).unwrap())
            .spawn()
            .unwrap_or_else(|e| self.fail(&format!("cannot start {name}: {e}")));
        let deadline = Instant::now() + timeout;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                let queue = self.squeue();
                self.fail(&format!(
                    "{name} did not finish within {timeout:?}\nstdout: {}\nstderr: {}\nsqueue:\n{queue}",
                    tail(&out_path, 20),
                    tail(&err_path, 20)
                ));
            }
            sleep(Duration::from_millis(100));
        };
        (
            status.code().unwrap_or(-1),
            fs::read_to_string(&out_path).unwrap_or_default(),
            fs::read_to_string(&err_path).unwrap_or_default(),
        )
    }

    fn squeue(&self) -> String {
        self.client("squeue")
            .args(["-a", "-o", "%i %j %T %r"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default()
    }

    /// The job outputs (`*.out`) in `dir`, for a failure message.
    fn job_logs(&self, dir: &Path) -> String {
        let mut out = String::new();
        let mut logs: Vec<PathBuf> = fs::read_dir(dir)
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        logs.retain(|p| p.extension().is_some_and(|e| e == "out"));
        logs.sort();
        for log in logs {
            out.push_str(&format!(
                "\n--- {} ---\n{}\n",
                log.display(),
                tail(&log, 20)
            ));
        }
        out
    }

    fn start() -> Cluster {
        // munged's socket lives in here: keep the path short (a Unix socket
        // path has at most 107 bytes).
        let mut base = std::env::temp_dir();
        if base.as_os_str().len() > 60 {
            base = PathBuf::from("/tmp");
        }
        let dir = tempfile::Builder::new()
            .prefix("buurtsim-slurm-")
            .tempdir_in(base)
            .expect("temporary folder");
        let conf = dir.path().join("slurm.conf");
        let mut cluster = Cluster {
            dir,
            conf,
            started: Vec::new(),
        };
        cluster.start_munge();
        cluster.write_conf();
        cluster.start_slurm();
        cluster
    }

    /// Starts this cluster's munged as the munge user, with a new key,
    /// socket, pid file, seed and log in `munge/`.
    fn start_munge(&mut self) {
        let dir = self.path("munge");
        // The munge user must reach its folder inside ours; clients, its socket.
        fs::set_permissions(self.dir.path(), fs::Permissions::from_mode(0o711)).unwrap();
        let script = format!(
            "set -e; PATH=$PATH:/usr/sbin:/sbin; d='{d}'
             install -d -o munge -g munge -m 0711 \"$d\"
             if command -v mungekey >/dev/null; then mungekey --create --keyfile=\"$d/munge.key\"
             else dd if=/dev/urandom of=\"$d/munge.key\" bs=1024 count=1 2>/dev/null; fi
             chown munge:munge \"$d/munge.key\"; chmod 0600 \"$d/munge.key\"",
            d = dir.display()
        );
        let setup = Command::new("sh").args(["-c", &script]).output().unwrap();
        assert!(
            setup.status.success(),
            "munge key setup failed: {}",
            String::from_utf8_lossy(&setup.stderr)
        );
        let pid_file = dir.join("munged.pid");
        let log = dir.join("munged.log");
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "munge", "--"])
            .arg(program("munged"))
            .arg(format!("--socket={}", self.munge_socket().display()))
            .arg(format!("--key-file={}", dir.join("munge.key").display()))
            .arg(format!("--pid-file={}", pid_file.display()))
            .arg(format!("--log-file={}", log.display()))
            .arg(format!("--seed-file={}", dir.join("munged.seed").display()));
        self.started.push(("munged", pid_file));
        // munged forks into the background and writes its pid file.
        let (code, _, err) = self.run("munged-start", cmd, DAEMON_TIMEOUT);
        assert!(
            code == 0,
            "munged failed to start (exit {code}): {err}\n{}",
            tail(&log, 20)
        );
        let deadline = Instant::now() + DAEMON_TIMEOUT;
        while !self.munge_answers() {
            assert!(
                Instant::now() < deadline,
                "munged started but does not answer within {DAEMON_TIMEOUT:?}: {}",
                tail(&log, 20)
            );
            sleep(Duration::from_millis(100));
        }
    }

    fn munge_socket(&self) -> PathBuf {
        self.path("munge/munge.socket")
    }

    fn munge_answers(&self) -> bool {
        Command::new(program("munge"))
            .arg("-n")
            .arg(format!("--socket={}", self.munge_socket().display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn write_conf(&self) {
        let d = self.dir.path().display();
        let host = short_hostname();
        let memory = (mem_total_mb() * 9 / 10).max(64);
        let (ctld_port, slurmd_port) = (free_port(), free_port());
        fs::create_dir_all(self.path("state")).unwrap();
        fs::create_dir_all(self.path("spool")).unwrap();
        let conf = format!(
            "# A single-node cluster for tests/slurm.rs; everything on 127.0.0.1.
ClusterName=buurtsimtest
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket={d}/munge/munge.socket
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MailProg=/bin/true
NodeName={host} NodeAddr=127.0.0.1 CPUs={cpus} RealMemory={memory} State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
",
            cpus = cpus()
        );
        fs::write(&self.conf, conf).unwrap();
    }

    fn start_slurm(&mut self) {
        let host = short_hostname();
        for (name, args) in [
            (
                "slurmctld",
                vec!["-f".to_string(), self.conf.display().to_string()],
            ),
            (
                "slurmd",
                vec![
                    "-f".to_string(),
                    self.conf.display().to_string(),
                    "-N".to_string(),
                    host.clone(),
                ],
            ),
        ] {
            let pid_file = self.path(&format!("{name}.pid"));
            self.started.push((name, pid_file.clone()));
            let mut cmd = Command::new(program(name));
            cmd.args(&args).env("SLURM_CONF", &self.conf);
            // Both fork into the background and write their pid files.
            let (code, _, err) = self.run(&format!("{name}-start"), cmd, DAEMON_TIMEOUT);
            if code != 0 {
                self.fail(&format!("{name} failed to start (exit {code}): {err}"));
            }
            let deadline = Instant::now() + DAEMON_TIMEOUT;
            while !read_pid(&pid_file).is_some_and(|pid| is_running(pid, name)) {
                if Instant::now() > deadline {
                    self.fail(&format!(
                        "{name} is not running {DAEMON_TIMEOUT:?} after its start"
                    ));
                }
                sleep(Duration::from_millis(100));
            }
        }
        // The node registers and turns idle (about a second).
        let deadline = Instant::now() + DAEMON_TIMEOUT;
        let mut last = String::new();
        loop {
            if let Ok(o) = self.client("sinfo").args(["-h", "-o", "%T"]).output() {
                last = format!(
                    "{}{}",
                    String::from_utf8_lossy(&o.stdout).trim(),
                    String::from_utf8_lossy(&o.stderr).trim()
                );
                if last == "idle" {
                    return;
                }
            }
            if Instant::now() > deadline {
                self.fail(&format!(
                    "the node is not idle {DAEMON_TIMEOUT:?} after the start; sinfo says: {last}"
                ));
            }
            sleep(Duration::from_millis(250));
        }
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let ours = |name: &str| {
            self.started
                .iter()
                .any(|(n, f)| *n == name && read_pid(f).is_some_and(|pid| is_running(pid, name)))
        };
        // Cancel what is left of this cluster's jobs (after a failure), so
        // no job step outlives the test.
        if ours("slurmctld") {
            let _ = self
                .client("scancel")
                .args(["--full", "--user=root"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            let deadline = Instant::now() + Duration::from_secs(15);
            while Instant::now() < deadline && !self.squeue().lines().skip(1).all(str::is_empty) {
                sleep(Duration::from_millis(250));
            }
        }
        for (name, pid_file) in self.started.iter().rev() {
            stop(name, pid_file);
        }
    }
}

/// `merged` holds the local run's files (`expected`) with the same bytes
/// (`run-info.toml`, which says how a folder was made, and the ownership
/// marker aside).
fn assert_same_output(cluster: &Cluster, local: &Path, merged: &Path, expected: &[&str]) {
    let reproducible = |dir: &Path| -> Vec<PathBuf> {
        files(dir)
            .into_iter()
            // The ownership marker is the same file everywhere.
            .filter(|p| p != Path::new("run-info.toml") && p != Path::new(".buurtsim-output"))
            .collect()
    };
    let names = reproducible(local);
    let expected: Vec<PathBuf> = expected.iter().map(PathBuf::from).collect();
    assert_eq!(names, expected, "local run files");
    let merged_names = reproducible(merged);
    if merged_names != names {
        cluster.fail(&format!(
            "{} holds {merged_names:?}, the local run {names:?}",
            merged.display()
        ));
    }
    for name in names {
        let (a, b) = (
            fs::read(local.join(&name)).unwrap(),
            fs::read(merged.join(&name)).unwrap(),
        );
        assert!(
            a == b,
            "{} differs between the local run {} and the Slurm run {}",
            name.display(),
            local.display(),
            merged.display()
        );
    }
}

/// The job id from `sbatch --parsable` ("ID" or "ID;CLUSTER").
fn job_id(stdout: &str) -> String {
    let id = stdout
        .trim()
        .lines()
        .next()
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("");
    assert!(
        !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
        "no job id in sbatch output {stdout:?}"
    );
    id.to_string()
}

fn job_array_shards_merge_into_the_local_run() -> Outcome {
    if let Some((why, fix)) = skip_reason() {
        return needs::unavailable(&why, fix);
    }
    let began = Instant::now();
    let cluster = Cluster::start();
    eprintln!("slurm test: cluster up in {:.1?}", began.elapsed());
    let dir = cluster.dir.path();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/slurm");
    fs::write(dir.join("small.toml"), SMALL).unwrap();
    fs::write(dir.join("small-sweep.toml"), SWEEP).unwrap();

    // The references: the whole sweep and the whole run on this machine.
    for args in [
        ["sweep", "small-sweep.toml", "-o", "local-sweep"],
        ["run", "small.toml", "-o", "local"],
    ] {
        let local = Command::new(BUURTSIM)
            .args(args)
            .args(["--threads", "2"])
            .current_dir(dir)
            .env_remove("SLURM_ARRAY_TASK_ID")
            .env_remove("SLURM_ARRAY_TASK_COUNT")
            .env_remove("SLURM_ARRAY_TASK_MIN")
            .output()
            .unwrap();
        assert!(local.status.success(), "local {}: {local:?}", args[0]);
    }

    // Small jobs that fit this machine whatever its size; the rest of
    // each script's #SBATCH lines as shipped.
    let fit = ["--cpus-per-task=1", "--mem=256M", "--time=10"];

    // 1. The array script with `sbatch --wait` on the sweep, then the merge
    //    script after it with --dependency=afterok.
    let out = dir.join("direct");
    let mut array = cluster.client("sbatch");
    array
        .args(["--parsable", "--wait", "--array=0-3"])
        .args(fit)
        .arg(format!("--output={}/array-%A_%a.out", dir.display()))
        .arg(examples.join("buurtsim-array.sbatch"))
        .args(["sweep", "small-sweep.toml"])
        .env("BUURTSIM", BUURTSIM)
        .env("OUT", &out);
    let (code, stdout, stderr) = cluster.run("sbatch-array", array, JOB_TIMEOUT);
    if code != 0 {
        cluster.fail(&format!(
            "sbatch --wait of the array exited {code}: {stderr}{}",
            cluster.job_logs(dir)
        ));
    }
    let array_id = job_id(&stdout);
    // Each shard folder, beside its lock file (`.shard-K.lock`).
    let mut shards: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !(n.starts_with('.') && n.ends_with(".lock")))
        .collect();
    shards.sort();
    assert_eq!(shards, ["shard-0", "shard-1", "shard-2", "shard-3"]);
    for k in 0..4 {
        let log = fs::read_to_string(dir.join(format!("array-{array_id}_{k}.out"))).unwrap();
        assert!(
            log.contains(&format!("wrote shard {}/4", k + 1)),
            "task {k} log:\n{log}"
        );
    }

    let mut merge = cluster.client("sbatch");
    merge
        .args(["--parsable", "--wait", "--kill-on-invalid-dep=yes"])
        .arg(format!("--dependency=afterok:{array_id}"))
        .args(fit)
        .arg(format!("--output={}/merge-%j.out", dir.display()))
        .arg(examples.join("buurtsim-merge.sbatch"))
        .env("BUURTSIM", BUURTSIM)
        .env("OUT", &out);
    let (code, _, stderr) = cluster.run("sbatch-merge", merge, JOB_TIMEOUT);
    if code != 0 {
        cluster.fail(&format!(
            "sbatch --wait of the merge exited {code}: {stderr}{}",
            cluster.job_logs(dir)
        ));
    }
    assert_same_output(
        &cluster,
        &dir.join("local-sweep"),
        &out.join("merged"),
        &REPRODUCIBLE_SWEEP,
    );
    eprintln!(
        "slurm test: array + merge jobs done at {:.1?}",
        began.elapsed()
    );

    // 2. submit.sh: the array and the dependent merge in one go; waiting
    //    on the merge job (it runs only after every task succeeded).
    let out = dir.join("submitted");
    let mut submit = cluster.client("bash");
    submit
        .arg(examples.join("submit.sh"))
        .arg("small.toml")
        .env("BUURTSIM", BUURTSIM)
        .env("OUT", &out)
        .env(
            "ARRAY_OPTS",
            format!(
                "{} --output={}/submit-%A_%a.out",
                fit.join(" "),
                dir.display()
            ),
        )
        .env(
            "MERGE_OPTS",
            format!(
                "--wait {} --output={}/submit-merge-%j.out",
                fit.join(" "),
                dir.display()
            ),
        );
    let (code, stdout, stderr) = cluster.run("submit", submit, JOB_TIMEOUT);
    if code != 0 {
        cluster.fail(&format!(
            "submit.sh exited {code}\nstdout: {stdout}\nstderr: {stderr}{}",
            cluster.job_logs(dir)
        ));
    }
    assert!(
        stdout.contains("submitted array job") && stdout.contains("submitted merge job"),
        "{stdout}"
    );
    assert_same_output(
        &cluster,
        &dir.join("local"),
        &out.join("merged"),
        &REPRODUCIBLE,
    );
    assert_eq!(
        fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !(n.starts_with('.') && n.ends_with(".lock")))
            .count(),
        5,
        "4 shards and merged (beside their lock files) in {}",
        out.display()
    );
    drop(cluster);
    eprintln!("slurm test: done in {:.1?}", began.elapsed());
    Ok(Completion::Completed)
}
