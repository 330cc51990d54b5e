/**
 * The report form's enhancement, run in the resident's browser: compiled by `npm run assets`
 * (scripts/copy-assets.ts) into the text the worker serves at /assets/report-form.js, type-checked
 * against the DOM by tsconfig.browser.json. Without it the form works the same, only the photo
 * travels at the size the phone took it and nothing shows progress.
 *
 * With it: the photo is shrunk on the phone (1,600 pixels on the long side, JPEG) before it is
 * sent, which on a weak link turns a minute's upload into seconds; the upload shows how far it
 * got; a failed upload leaves the form as it was, with a message, instead of an error page.
 */
function enhanceReportForm(): void {
  const form = document.querySelector<HTMLFormElement>("#report form");
  if (!form || typeof FormData === "undefined" || typeof XMLHttpRequest === "undefined") return;
  const input = form.querySelector<HTMLInputElement>("#photo");
  const status = form.querySelector<HTMLElement>("[data-progress]");
  const buttons = Array.from(form.querySelectorAll<HTMLButtonElement>("button[type=submit]"));
  const LONG_SIDE = 1600;
  const SMALL_ENOUGH = 900 * 1024;
  const say = (text: string | undefined) => {
    if (status) status.textContent = text ?? "";
  };

  /** The photo as the server would keep it, or the file itself when this phone cannot read it. */
  const shrink = (file: File): Promise<Blob> =>
    new Promise((resolve) => {
      const url = URL.createObjectURL(file);
      const image = new Image();
      const done = (blob: Blob) => {
        URL.revokeObjectURL(url);
        resolve(blob);
      };
      image.onerror = () => done(file);
      image.onload = () => {
        const scale = Math.min(1, LONG_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
        if (scale === 1 && file.size <= SMALL_ENOUGH && file.type === "image/jpeg") return done(file);
        const canvas = document.createElement("canvas");
        canvas.width = Math.round(image.naturalWidth * scale);
        canvas.height = Math.round(image.naturalHeight * scale);
        const context = canvas.getContext("2d");
        if (!context) return done(file);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((blob) => done(blob && blob.size < file.size ? blob : file), "image/jpeg", 0.82);
      };
      image.src = url;
    });

  const send = (photo: Blob | null, submitter: HTMLButtonElement | null) => {
    const data = new FormData(form);
    if (photo) data.set("photo", photo, "photo.jpg");
    // The button pressed says what to do (join an open report): FormData leaves it out.
    if (submitter?.name) data.set(submitter.name, submitter.value);
    const request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) say(`${form.dataset.uploading} ${Math.round((event.loaded / event.total) * 100)}%`);
    };
    request.onload = () => {
      // Filed: the server sent the resident on to the case's page.
      if (request.responseURL && new URL(request.responseURL).pathname.startsWith("/t/")) {
        location.assign(request.responseURL);
        return;
      }
      // Sent back: the page the server answered, the problems named, the input and photo kept.
      document.open();
      document.write(request.responseText);
      document.close();
      (document.getElementById("problems") ?? document.getElementById("open-reports"))?.scrollIntoView();
    };
    // A link that drops or stalls leaves the form as it was, with a message, not a page that hangs.
    request.timeout = 180_000;
    request.onerror = request.ontimeout = () => {
      delete form.dataset.sending;
      for (const button of buttons) button.disabled = false;
      say(form.dataset.failed);
    };
    request.send(data);
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (form.dataset.sending) return;
    form.dataset.sending = "1";
    for (const button of buttons) button.disabled = true;
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    const file = input?.files?.[0];
    if (!file) return send(null, submitter);
    say(form.dataset.shrinking);
    shrink(file).then(
      (photo) => send(photo, submitter),
      () => send(file, submitter),
    );
  });
}

enhanceReportForm();
