-- copydesk for Neovim 0.8 - 0.10 (also works on 0.11+, where lsp/copydesk.lua
-- with vim.lsp.enable('copydesk') is the simpler way). Put this in init.lua.
local copydesk_checks = {
  ['unattributed-quote'] = { enabled = true, severity = 'warning' },
  ['unbalanced-quote'] = { enabled = true, severity = 'error' },
}
vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'text', 'markdown' },
  callback = function(args)
    local file = vim.api.nvim_buf_get_name(args.buf)
    local dir = file ~= '' and vim.fs.dirname(file) or vim.fn.getcwd()
    local git = vim.fs.find('.git', { upward = true, path = dir })[1]
    vim.lsp.start({
      name = 'copydesk',
      cmd = { 'copydesk', 'lsp', '--stdio' }, -- or { '/path/to/copydesk', 'lsp', '--stdio' }
      root_dir = git and vim.fs.dirname(git) or dir,
      init_options = { checks = copydesk_checks },
      settings = { copydesk = { checks = copydesk_checks } },
      -- Push diagnostics only (the server also offers pull; using both shows
      -- every problem twice).
      before_init = function(params)
        if params.capabilities and params.capabilities.textDocument then
          params.capabilities.textDocument.diagnostic = nil
        end
      end,
      on_init = function(client)
        client.server_capabilities.diagnosticProvider = nil
      end,
    }, { bufnr = args.buf })
  end,
})
