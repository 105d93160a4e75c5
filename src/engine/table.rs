//! The engine's list of jobs: each job of the site with the fingerprint of the inputs it
//! was last rendered from and the files it wrote.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::render::deps::{self, Fingerprint, JobKey};
use crate::render::{Job, Prepared};
use crate::site::Site;

/// Every job of a site, in [`crate::render::all_jobs`] order, with its key
/// ([`deps::job_key`], 0 when the table is not kept between renders), the fingerprint
/// it was last rendered from (`None`: not rendered yet) and the files it wrote.
#[derive(Default)]
pub(crate) struct JobTable {
    pub(crate) jobs: Vec<(Job, JobKey)>,
    pub(crate) rendered: Vec<Option<Fingerprint>>,
    pub(crate) outputs: Vec<Vec<String>>,
    /// Output path → the job that writes it; made when first asked for
    /// ([`JobTable::job_of`]), since only a request for a stale page needs it.
    by_output: Option<FxHashMap<String, usize>>,
    /// Whether the table is kept between renders (jobs have keys, files can be asked for).
    keyed: bool,
}

impl JobTable {
    /// The jobs of `site`, none rendered yet; `keyed` when the table will be kept (a key
    /// carries a job's record over a re-link).
    pub(crate) fn new(site: &Site, prepared: &Prepared, keyed: bool) -> JobTable {
        let jobs: Vec<(Job, JobKey)> = if keyed {
            deps::keyed_jobs(site, prepared)
        } else {
            crate::render::all_jobs(site)
                .into_iter()
                .map(|j| (j, 0))
                .collect()
        };
        let n = jobs.len();
        JobTable {
            jobs,
            rendered: vec![None; n],
            outputs: vec![Vec::new(); n],
            by_output: None,
            keyed,
        }
    }

    /// The jobs of `site`, carrying over what `self` knows of each job with the same key.
    /// Returns the files of jobs that are gone (to be removed from the output).
    pub(crate) fn relist(&mut self, site: &Site, prepared: &Prepared) -> Vec<String> {
        let mut new = JobTable::new(site, prepared, true);
        // Keys are hashes already: FxHash (one multiply) instead of SipHash over them.
        let mut index: FxHashMap<JobKey, usize> = self
            .jobs
            .iter()
            .enumerate()
            .map(|(i, &(_, k))| (k, i))
            .collect();
        // Where each old job is now (`usize::MAX`: gone).
        let mut moved = vec![usize::MAX; self.jobs.len()];
        let mut added = Vec::new();
        for (n, (_, key)) in new.jobs.iter().enumerate() {
            match index.remove(key) {
                Some(i) => {
                    new.rendered[n] = self.rendered[i];
                    new.outputs[n] = std::mem::take(&mut self.outputs[i]);
                    moved[i] = n;
                }
                None => added.push(n),
            }
        }
        let mut gone: Vec<String> = index
            .into_values()
            .flat_map(|i| std::mem::take(&mut self.outputs[i]))
            .collect();
        if !gone.is_empty() {
            // A file of a gone job may be written by another job now.
            let kept: FxHashSet<&String> = new.outputs.iter().flatten().collect();
            gone.retain(|f| !kept.contains(f));
            gone.sort();
        }
        // The map of output files, when made, follows the jobs (making it again means
        // formatting every job's path: the first page asked for after a re-link waited
        // for it).
        if let Some(mut by_output) = self.by_output.take() {
            by_output.retain(|_, i| {
                *i = moved[*i];
                *i != usize::MAX
            });
            for n in added {
                by_output.insert(deps::first_file(site, &new.jobs[n].0), n);
            }
            new.by_output = Some(by_output);
        }
        *self = new;
        gone
    }

    /// The job that writes the output file `rel`: one that wrote it, or, for a job not
    /// rendered yet, the one whose first file it is (`site` is the site the jobs were
    /// listed for).
    pub(crate) fn job_of(&mut self, site: &Site, rel: &str) -> Option<usize> {
        let (jobs, outputs, keyed) = (&self.jobs, &self.outputs, self.keyed);
        self.by_output
            .get_or_insert_with(|| {
                let keys = jobs
                    .iter()
                    .enumerate()
                    .filter(|_| keyed)
                    .map(|(i, (job, _))| (deps::first_file(site, job), i));
                let written = outputs
                    .iter()
                    .enumerate()
                    .flat_map(|(i, files)| files.iter().map(move |f| (f.clone(), i)));
                keys.chain(written).collect()
            })
            .get(rel)
            .copied()
    }

    /// Whether a job other than `i` writes `rel`.
    pub(crate) fn written_by_other(&self, rel: &str, i: usize) -> bool {
        match &self.by_output {
            Some(m) => m.get(rel).is_some_and(|&j| j != i),
            None => self
                .outputs
                .iter()
                .enumerate()
                .any(|(j, files)| j != i && files.iter().any(|f| f == rel)),
        }
    }

    /// Record that job `i` was rendered from `fp` and wrote `files`; returns the files it
    /// wrote before and no longer writes (another job may write them now).
    pub(crate) fn record(
        &mut self,
        i: usize,
        fp: Option<Fingerprint>,
        files: Vec<String>,
    ) -> Vec<String> {
        let old = std::mem::replace(&mut self.outputs[i], files);
        self.rendered[i] = fp;
        let mut dropped = Vec::new();
        for f in old {
            if !self.outputs[i].contains(&f) {
                if let Some(m) = &mut self.by_output {
                    if m.get(&f) == Some(&i) {
                        m.remove(&f);
                    }
                }
                dropped.push(f);
            }
        }
        if let Some(m) = &mut self.by_output {
            for f in &self.outputs[i] {
                m.insert(f.clone(), i);
            }
        }
        dropped
    }

    /// Forget every job's fingerprint: all are rendered again.
    pub(crate) fn forget(&mut self) {
        self.rendered.iter_mut().for_each(|r| *r = None);
    }
}
