-- copydesk language server for Neovim 0.11+.
--
-- Put this directory on 'runtimepath' (or copy this file to
-- ~/.config/nvim/lsp/copydesk.lua), then in init.lua:
--
--   vim.lsp.enable('copydesk')
--
-- Override anything with vim.lsp.config('copydesk', { ... }), e.g. the
-- binary path or the checks:
--
--   vim.lsp.config('copydesk', {
--     cmd = { '/path/to/copydesk', 'lsp', '--stdio' },
--     init_options = { checks = { ['unattributed-quote'] = { severity = 'info' } } },
--   })
---@type vim.lsp.Config
return {
  cmd = { 'copydesk', 'lsp', '--stdio' },
  filetypes = { 'text', 'markdown' },
  root_markers = { '.git' },
  -- Sent with `initialize`.
  init_options = {
    checks = {
      ['unattributed-quote'] = { enabled = true, severity = 'warning' },
      ['unbalanced-quote'] = { enabled = true, severity = 'error' },
    },
  },
  -- copydesk pushes diagnostics and also offers pull diagnostics; Neovim would
  -- use both and show every problem twice. Keep push only: don't advertise
  -- pull support, and ignore the server's diagnosticProvider.
  before_init = function(params)
    if params.capabilities and params.capabilities.textDocument then
      params.capabilities.textDocument.diagnostic = nil
    end
  end,
  on_init = function(client)
    client.server_capabilities.diagnosticProvider = nil
  end,
  -- Sent with workspace/didChangeConfiguration (and answers workspace/configuration).
  settings = {
    copydesk = {
      checks = {
        ['unattributed-quote'] = { enabled = true, severity = 'warning' },
        ['unbalanced-quote'] = { enabled = true, severity = 'error' },
      },
    },
  },
}
