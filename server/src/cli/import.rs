//! `okur import FILE…`: JSON and Markdown files (each all or nothing) and WordPress exports
//! (each post on its own), every file reported.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::db::DbArgs;
use crate::import::import_file;
use crate::import::media::MediaDir;
use crate::store::Saved;

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Files to import: .json (one article or an array), .md with a front-matter header, or a
    /// WordPress export (WXR, recognised by its content: posts, comments and old links).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// A folder with the pictures the files name (a copy of WordPress's `uploads`, or any
    /// folder): each is made an upload, served by okur in every width, and named instead.
    #[arg(long, value_name = "DIR")]
    media: Option<PathBuf>,
}

/// Whether a file is a WordPress export, by its first bytes (whatever its name).
fn is_wordpress_export(path: &std::path::Path) -> bool {
    use std::io::Read;
    let mut head = vec![0; 4096];
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    let read = file.read(&mut head).unwrap_or(0);
    crate::import::wxr::is_wxr(&head[..read])
}

/// Imports each file on its own; reports every file; fails if any file failed.
pub(crate) async fn import(args: ImportArgs) -> Result<ExitCode, String> {
    let mut media = args.media.as_deref().map(MediaDir::new).transpose()?;
    let (store, _) = args.db.open().await?;
    let mut failed = 0;
    for path in &args.files {
        if is_wordpress_export(path) {
            match crate::import::wxr::import::import_wxr(&store, path, media.as_mut()).await {
                Ok(report) => {
                    print!("{}: WordPress export\n{}", path.display(), report.text());
                    if report.failed() {
                        failed += 1;
                    }
                }
                Err(err) => {
                    failed += 1;
                    eprintln!("{}: {err}", path.display());
                }
            }
            continue;
        }
        match import_file(&store, path, media.as_mut()).await {
            Ok(imported) => {
                for (slug, how) in imported.saved {
                    let how = if how == Saved::Created { "added" } else { "updated" };
                    println!("{}: {how} /articles/{slug}", path.display());
                }
                for problem in imported.problems {
                    println!("{}: {}", path.display(), okur_types::text::terminal_safe(&problem));
                }
            }
            Err(err) => {
                failed += 1;
                eprintln!("{}", err.describe(path));
            }
        }
    }
    store.close().await;
    if failed > 0 {
        eprintln!("okur: {failed} of {} files not imported", args.files.len());
        Ok(ExitCode::FAILURE)
    } else {
        Ok(ExitCode::SUCCESS)
    }
}
