;;; run.el --- batch test of copydesk-eglot.el against the real server  -*- lexical-binding: t; -*-
;;
;;   COPYDESK_BIN=/abs/path/to/copydesk emacs --batch -q -l editors/emacs/test/run.el
;;
;; `-q' (not `-Q') so Debian's site-start puts elpa-eglot on the load-path.
;; Exits non-zero if any check fails.

(require 'cl-lib)
(require 'subr-x)

(defvar cdt-dir (file-name-directory (or load-file-name buffer-file-name)))
(defvar cdt-emacs-dir (expand-file-name ".." cdt-dir))
(defvar cdt-editors-dir (expand-file-name "../.." cdt-dir))
(defvar cdt-bin (expand-file-name
                 (or (getenv "COPYDESK_BIN")
                     (expand-file-name "../target/debug/copydesk" cdt-editors-dir))))
(defvar cdt-timeout (/ (string-to-number (or (getenv "COPYDESK_TEST_TIMEOUT_MS") "10000")) 1000.0))
(defvar cdt-passed 0)
(defvar cdt-failed 0)

(defun cdt-out (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun cdt-finish ()
  (cdt-out "# emacs %s: %d passed, %d failed" emacs-version cdt-passed cdt-failed)
  (kill-emacs (if (and (= cdt-failed 0) (> cdt-passed 0)) 0 1)))

(defmacro cdt-check (name &rest body)
  (declare (indent 1))
  `(condition-case err
       (progn ,@body
              (setq cdt-passed (1+ cdt-passed))
              (cdt-out "ok - %s" ,name)
              t)
     (error (setq cdt-failed (1+ cdt-failed))
            (cdt-out "not ok - %s\n#   %S" ,name err)
            nil)))

(defun cdt-wait (what pred)
  (let ((deadline (+ (float-time) cdt-timeout)))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (unless (funcall pred) (error "timed out waiting for %s" what))))

(cdt-out "# copydesk binary: %s" cdt-bin)
(unless (file-executable-p cdt-bin)
  (cdt-out "not ok - copydesk binary not found: %s" cdt-bin)
  (setq cdt-failed 1)
  (cdt-finish))

;; The snippet runs "copydesk" from PATH: put the binary under test there.
(let ((bindir (make-temp-file "copydesk-bin" t)))
  (make-symbolic-link cdt-bin (expand-file-name "copydesk" bindir))
  (setq exec-path (cons bindir exec-path))
  (setenv "PATH" (concat bindir ":" (getenv "PATH"))))

(require 'eglot)
(load (expand-file-name "copydesk-eglot.el" cdt-emacs-dir) nil t)

;; Raw diagnostics as published, per file.
(defvar cdt-published (make-hash-table :test 'equal))
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri diagnostics &allow-other-keys)
  (puthash (eglot--uri-to-path uri) diagnostics cdt-published))

(defun cdt-diags (file code)
  (cl-remove-if-not (lambda (d) (equal (plist-get d :code) code))
                    (append (gethash file cdt-published) nil)))

(defun cdt-pos (p)
  "LSP Position plist P as (LINE . CHARACTER)."
  (cons (plist-get p :line) (plist-get p :character)))

(defun cdt-hover-at (line col)
  "Hover text at LINE (1-based) and character COL of the current buffer."
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (forward-char col)
    (let* ((res (jsonrpc-request (eglot-current-server) :textDocument/hover
                                (eglot--TextDocumentPositionParams)))
           (c (plist-get res :contents)))
      (cond ((stringp c) c)
            ((plist-get c :value))
            (t (format "%S" c))))))

(defvar cdt-tmp (make-temp-file "copydesk-emacs" t))
(make-directory (expand-file-name ".git" cdt-tmp))
(defvar cdt-file (expand-file-name "article.txt" cdt-tmp))
(copy-file (expand-file-name "test-fixtures/article.txt" cdt-editors-dir) cdt-file)
(defvar cdt-line7 "\"Nobody credits this sentence with anyone at all.\"")

(find-file cdt-file)
;; copydesk-eglot.el's hook calls eglot-ensure, which defers the start to the
;; next command; there are no commands in batch, so run that hook once.
(run-hooks 'post-command-hook)

(unless (cdt-check "eglot starts copydesk for a text-mode buffer"
          (cl-assert (eq major-mode 'text-mode))
          (cdt-wait "eglot to connect" (lambda () (eglot-current-server)))
          (cl-assert (eglot-current-server) nil "no eglot server"))
  (cdt-finish))

(cdt-check "unattributed-quote warning on line 7 from column 0 to the closing mark; nothing on line 3"
  (cdt-wait "an unattributed-quote diagnostic" (lambda () (cdt-diags cdt-file "unattributed-quote")))
  (let* ((ds (cdt-diags cdt-file "unattributed-quote"))
         (d (car ds))
         (r (plist-get d :range)))
    (cl-assert (= (length ds) 1) nil "expected 1, got %S" ds)
    (cl-assert (equal (plist-get d :source) "copydesk"))
    (cl-assert (= (plist-get d :severity) 2))
    (cl-assert (equal (cdt-pos (plist-get r :start)) '(6 . 0)) nil "start %S" r)
    (cl-assert (equal (cdt-pos (plist-get r :end)) (cons 6 (length cdt-line7))) nil "end %S" r)
    (cl-assert (cl-notany (lambda (x) (= 2 (plist-get (plist-get (plist-get x :range) :start) :line)))
                          (gethash cdt-file cdt-published)))
    ;; And Eglot turns it into a Flymake diagnostic at the right place.
    (flymake-start)
    (cdt-wait "flymake diagnostics" (lambda () (flymake-diagnostics)))
    (let ((fd (car (flymake-diagnostics))))
      (save-excursion
        (goto-char (flymake-diagnostic-beg fd))
        (cl-assert (= (line-number-at-pos) 7))
        (cl-assert (= (current-column) 0))
        (goto-char (flymake-diagnostic-end fd))
        (cl-assert (= (current-column) (length cdt-line7)))))))

(cdt-check "hover on the line 3 quote shows Jen Psaki; on line 7 says unattributed"
  (let ((h (cdt-hover-at 3 4)))
    (cl-assert (string-match-p "Jen Psaki" h) nil "hover: %s" h))
  (let ((h (cdt-hover-at 7 4)))
    (cl-assert (string-match-p "unattributed" (downcase h)) nil "hover: %s" h)))

(cdt-check "adding \" Psaki said.\" clears the warning"
  (save-excursion
    (goto-char (point-min))
    (forward-line 6)
    (end-of-line)
    (insert " Psaki said."))
  (eglot--signal-textDocument/didChange)
  (cdt-wait "the warning to clear" (lambda () (null (cdt-diags cdt-file "unattributed-quote")))))

(defvar cdt-prefix "Café 😀 — ")
(defvar cdt-quote "\"Nobody credits this one either.\"")
(cdt-check "after multi-byte characters the columns are right"
  (save-excursion
    (goto-char (point-max))
    (insert "\n" cdt-prefix cdt-quote "\n"))
  (eglot--signal-textDocument/didChange)
  (cdt-wait "an unattributed-quote diagnostic on line 9"
            (lambda () (cdt-diags cdt-file "unattributed-quote")))
  (let* ((d (car (cdt-diags cdt-file "unattributed-quote")))
         (r (plist-get d :range))
         (enc (or (plist-get (eglot--capabilities (eglot-current-server)) :positionEncoding) "utf-16"))
         (units (lambda (s) (pcase enc
                              ("utf-8" (string-bytes s))
                              ("utf-32" (length s))
                              (_ (/ (length (encode-coding-string s 'utf-16le)) 2))))))
    (cl-assert (equal (cdt-pos (plist-get r :start)) (cons 8 (funcall units cdt-prefix)))
               nil "start %S (encoding %s)" r enc)
    ;; Eglot maps it back to the character column of the opening mark.
    (flymake-start)
    (cdt-wait "flymake diagnostic on line 9"
              (lambda () (cl-some (lambda (fd) (= 9 (line-number-at-pos (flymake-diagnostic-beg fd))))
                                  (flymake-diagnostics))))
    (let ((fd (cl-find-if (lambda (fd) (= 9 (line-number-at-pos (flymake-diagnostic-beg fd))))
                          (flymake-diagnostics))))
      (save-excursion
        (goto-char (flymake-diagnostic-beg fd))
        (cl-assert (= (- (point) (line-beginning-position)) (length cdt-prefix)))
        (goto-char (flymake-diagnostic-end fd))
        (cl-assert (= (- (point) (line-beginning-position)) (+ (length cdt-prefix) (length cdt-quote))))))))

(ignore-errors (eglot-shutdown (eglot-current-server)))
(cdt-finish)
