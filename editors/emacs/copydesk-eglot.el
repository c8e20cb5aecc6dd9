;;; copydesk-eglot.el --- copydesk language server with Eglot  -*- lexical-binding: t; -*-

;; Add to your init file (or load this file). Needs Eglot (built in since
;; Emacs 29; `M-x package-install RET eglot' or Debian's elpa-eglot before).

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               `((text-mode markdown-mode gfm-mode)
                 . ("copydesk" "lsp" "--stdio"   ; or "/path/to/copydesk"
                    :initializationOptions
                    (:checks (:unattributed-quote (:enabled t :severity "warning")
                              :unbalanced-quote (:enabled t :severity "error")))))))

;; Settings changed later are sent with workspace/didChangeConfiguration
;; (e.g. from .dir-locals.el):
(setq-default eglot-workspace-configuration
              '(:copydesk (:checks (:unattributed-quote (:enabled t :severity "warning")
                                    :unbalanced-quote (:enabled t :severity "error")))))

;; Start it automatically for plain text and Markdown (not for every mode
;; derived from text-mode, such as commit messages).
(defun copydesk-eglot-maybe-start ()
  (when (memq major-mode '(text-mode markdown-mode gfm-mode))
    (eglot-ensure)))
(add-hook 'text-mode-hook #'copydesk-eglot-maybe-start)

(provide 'copydesk-eglot)
;;; copydesk-eglot.el ends here
