// Reports (issue 23): "Bildir" / "Report" on every comment opens a short form (a reason, an
// optional note) in a modal dialog, sent to the comment's report address. A report is never
// shown publicly; what it does (enough readers hold the comment) reaches the page by the live
// stream, as any comment leaving view.
//
// The page's script, not the app's: reporting needs nothing the app has, so the button is in a
// `data-page` element (the loader does not wake the app for it), and its words cost the wasm
// nothing (the size budget, docs/architecture.md). The dialog is the browser's own (<dialog>,
// showModal): focus kept inside, Escape closes, the focus goes back to the button.
{
  const WORDS = {
    tr: ['Yorumu bildir', 'Neden?', ['Spam ya da reklam', 'Hakaret, tehdit ya da nefret', 'Haberle ilgisiz', 'Başka bir neden'], 'Not (isteğe bağlı, yalnızca moderatörler görür)', 'Gönder', 'Kapat', 'Bildiriminiz alındı; moderatörler bakacak.', 'Bildirim gönderilemedi; biraz sonra yeniden deneyin.', 'Kısa sürede çok fazla bildirim gönderdiniz; biraz sonra yeniden deneyin.', 'Bu yorum artık yok.'],
    en: ['Report the comment', 'Why?', ['Spam or advertising', 'Insults, threats or hate', 'Off topic', 'Something else'], 'Note (optional, only moderators see it)', 'Send', 'Close', 'Your report was received; the moderators will look.', 'The report could not be sent; please try again soon.', 'You sent many reports in a short time; please try again soon.', 'This comment is gone.'],
  };
  const REASONS = ['spam', 'abuse', 'off_topic', 'other'];
  addEventListener('click', (event) => {
    const button = event.target.closest?.('[data-report]');
    if (!button) return;
    const [title, why, reasons, noteLabel, send, close, done, failed, busy, gone] = WORDS[document.documentElement.lang] || WORDS.tr;
    const slug = location.pathname.split('/')[2];
    const dialog = document.createElement('dialog');
    dialog.className = 'report';
    dialog.dataset.testid = 'report-dialog';
    dialog.setAttribute('aria-labelledby', 'report-title');
    // Only the constants above are written as markup.
    dialog.innerHTML = `<form method="dialog"><h2 id="report-title">${title}</h2><fieldset><legend>${why}</legend>${REASONS.map(
      (r, i) => `<label class="check"><input type="radio" name="reason" value="${r}" data-testid="report-${r}"${i ? '' : ' checked'}> ${reasons[i]}</label>`,
    ).join('')}</fieldset><label for="report-note">${noteLabel}</label><textarea id="report-note" maxlength="500" rows="3" data-testid="report-note"></textarea><p role="status" data-testid="report-status"></p><p class="report__actions"><button class="button" data-testid="report-send">${send}</button> <button class="button button--quiet" type="button" value="close" data-testid="report-close">${close}</button></p></form>`;
    const form = dialog.firstChild;
    const status = dialog.querySelector('[role=status]');
    const sending = dialog.querySelector('[data-testid=report-send]');
    dialog.querySelector('[value=close]').onclick = () => dialog.close();
    dialog.onclose = () => {
      dialog.remove();
      // (Unless the comment left the page meanwhile: then the browser's own place.)
      if (button.isConnected) button.focus();
    };
    form.onsubmit = async (e) => {
      e.preventDefault();
      sending.disabled = true;
      const note = form.querySelector('textarea').value.trim();
      let said = failed;
      try {
        const answer = await fetch(`/api/articles/${encodeURIComponent(slug)}/comments/${button.dataset.report}/report`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ reason: form.reason.value, ...(note && { note }) }),
        });
        said = answer.ok ? done : answer.status == 429 ? busy : answer.status == 404 ? gone : failed;
        sending.hidden = answer.ok;
      } catch {}
      status.textContent = said;
      sending.disabled = false;
    };
    document.body.append(dialog);
    dialog.showModal();
  });
}
