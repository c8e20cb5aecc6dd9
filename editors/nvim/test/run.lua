-- Headless end-to-end test of lsp/copydesk.lua against the real copydesk binary.
--
--   COPYDESK_BIN=/abs/path/to/copydesk nvim --clean --headless -l editors/nvim/test/run.lua
--
-- COPYDESK_NVIM_MODE=legacy tests legacy.lua (the 0.8-0.10 snippet) instead of lsp/copydesk.lua.
--
-- Needs Neovim 0.11+. Exits non-zero if any check fails.
local script = debug.getinfo(1, 'S').source:sub(2)
local test_dir = vim.fn.fnamemodify(script, ':p:h')
local nvim_dir = vim.fn.fnamemodify(test_dir, ':h')
local editors_dir = vim.fn.fnamemodify(nvim_dir, ':h')
local repo_root = vim.fn.fnamemodify(editors_dir, ':h')

local bin = os.getenv('COPYDESK_BIN')
if not bin or bin == '' then
  bin = repo_root .. '/target/debug/copydesk'
end
bin = vim.fn.fnamemodify(bin, ':p')
local MODE = os.getenv('COPYDESK_NVIM_MODE') or 'config' -- or 'legacy'
local TIMEOUT = tonumber(os.getenv('COPYDESK_TEST_TIMEOUT_MS') or '') or 10000

local passed, failed = 0, 0
local function out(s)
  io.stdout:write(s .. '\n')
  io.stdout:flush()
end

-- Runs a check; a failing check is reported and counted, later checks still run.
local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    out('ok - ' .. name)
  else
    failed = failed + 1
    out('not ok - ' .. name)
    for l in tostring(err):gmatch('[^\n]+') do
      out('#   ' .. l)
    end
  end
  return ok
end

local function finish()
  out(string.format('# nvim %s (%s): %d passed, %d failed', tostring(vim.version()), MODE, passed, failed))
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

-- Hard stop, whatever happens.
local watchdog = vim.uv.new_timer()
watchdog:start(120000, 0, vim.schedule_wrap(function()
  out('not ok - watchdog: test took more than 120 s')
  failed = failed + 1
  finish()
end))

local function eq(a, b, what)
  if not vim.deep_equal(a, b) then
    error(string.format('%s: expected %s, got %s', what, vim.inspect(b), vim.inspect(a)), 2)
  end
end

local function wait_for(what, cond)
  local ok = vim.wait(TIMEOUT, cond, 50)
  if not ok then
    error('timed out waiting for ' .. what, 2)
  end
end

-- Raw LSP diagnostics, to check the server's own positions (not just Neovim's conversion).
local raw = {}
local orig_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
  if result then
    raw[result.uri] = result.diagnostics
  end
  return orig_publish(err, result, ctx, config)
end

local function quote_diags(buf, code)
  return vim.tbl_filter(function(d)
    return d.code == code
  end, vim.diagnostic.get(buf))
end

-- Hover through the real UI path (vim.lsp.buf.hover opens a floating window);
-- returns the floating window's text.
local function hover_at(buf, row1, col0)
  vim.api.nvim_set_current_buf(buf)
  vim.api.nvim_win_set_cursor(0, { row1, col0 })
  local main_win = vim.api.nvim_get_current_win()
  local function floats()
    local res = {}
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        table.insert(res, w)
      end
    end
    return res
  end
  for _, w in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
  vim.lsp.buf.hover()
  local text
  wait_for('hover window', function()
    local f = floats()
    if #f > 0 then
      text = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(f[1]), 0, -1, false), '\n')
      return true
    end
    return false
  end)
  for _, w in ipairs(floats()) do
    pcall(vim.api.nvim_win_close, w, true)
  end
  vim.api.nvim_set_current_win(main_win)
  return text
end

-- Same, via a direct request (independent of the floating-window UI).
local function hover_request(buf, line0, char)
  local client = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
  local res = client:request_sync('textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = line0, character = char },
  }, TIMEOUT, buf)
  assert(res and not res.err, 'hover request failed: ' .. vim.inspect(res))
  local h = res.result
  if not h then
    return ''
  end
  local c = h.contents
  if type(c) == 'string' then
    return c
  end
  if c.value then
    return c.value
  end
  return table.concat(vim.tbl_map(function(x)
    return type(x) == 'string' and x or x.value
  end, c), '\n')
end

out('# copydesk binary: ' .. bin)
out('# nvim ' .. tostring(vim.version()) .. ', mode ' .. MODE)

if vim.fn.executable(bin) ~= 1 then
  out('not ok - copydesk binary not found or not executable: ' .. bin .. ' (run `cargo build` or set COPYDESK_BIN)')
  failed = failed + 1
  finish()
end

vim.cmd('filetype on')
vim.o.shortmess = vim.o.shortmess .. 'F'

-- What the client sent in `initialize` (vim.lsp.enable goes through vim.lsp.start too).
local sent_init
local orig_start = vim.lsp.start
vim.lsp.start = function(config, opts)
  local inner = config.before_init
  config = vim.tbl_extend('force', config, {
    before_init = function(params, cfg)
      if inner then
        inner(params, cfg)
      end
      sent_init = vim.deepcopy(params)
    end,
  })
  return orig_start(config, opts)
end

if MODE == 'legacy' then
  -- The README's 0.8-0.10 snippet, verbatim from legacy.lua. It runs `copydesk`
  -- from PATH, so put the binary under test first on PATH under that name.
  local bindir = vim.fn.tempname()
  vim.fn.mkdir(bindir, 'p')
  vim.uv.fs_symlink(bin, bindir .. '/copydesk')
  vim.env.PATH = bindir .. ':' .. vim.env.PATH
  check("README's 0.8-0.10 snippet is legacy.lua verbatim", function()
    local readme = table.concat(vim.fn.readfile(nvim_dir .. '/README.md'), '\n')
    local legacy = vim.fn.readfile(nvim_dir .. '/legacy.lua')
    local from
    for i, l in ipairs(legacy) do
      if l:match('^local copydesk_checks') then
        from = i
        break
      end
    end
    assert(from, 'legacy.lua has no `local copydesk_checks` line')
    local body = table.concat(vim.list_slice(legacy, from), '\n')
    assert(readme:find(body, 1, true), 'README.md does not contain legacy.lua (from `local copydesk_checks`) verbatim')
  end)
  check('legacy.lua (FileType autocommand + vim.lsp.start) loads', function()
    dofile(nvim_dir .. '/legacy.lua')
    local acs = vim.api.nvim_get_autocmds({ event = 'FileType' })
    local pats = {}
    for _, a in ipairs(acs) do
      pats[a.pattern] = true
    end
    assert(pats.text and pats.markdown, 'FileType autocommands for text and markdown: ' .. vim.inspect(pats))
  end)
else
  vim.opt.runtimepath:prepend(nvim_dir)
  check('lsp/copydesk.lua is found by vim.lsp.config with the right filetypes and cmd', function()
    local cfg = vim.lsp.config.copydesk
    assert(cfg, 'vim.lsp.config.copydesk is nil: lsp/copydesk.lua not on runtimepath?')
    eq(cfg.filetypes, { 'text', 'markdown' }, 'filetypes')
    eq(cfg.cmd, { 'copydesk', 'lsp', '--stdio' }, 'cmd')
    eq(cfg.root_markers, { '.git' }, 'root_markers')
    eq(cfg.init_options.checks['unattributed-quote'], { enabled = true, severity = 'warning' }, 'init_options')
  end)
  -- Use the binary under test; everything else comes from lsp/copydesk.lua.
  vim.lsp.config('copydesk', { cmd = { bin, 'lsp', '--stdio' } })
  vim.lsp.enable('copydesk')
end

local fixture = vim.fn.readfile(editors_dir .. '/test-fixtures/article.txt')
local tmp = vim.fn.tempname()
vim.fn.mkdir(tmp .. '/.git', 'p')
local file = tmp .. '/article.txt'
vim.fn.writefile(fixture, file)
vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local line7 = fixture[7] -- the unattributed quote

local client
local attached = check('client attaches to a .txt buffer (filetype text) and negotiates UTF-8', function()
  eq(vim.bo[buf].filetype, 'text', 'filetype')
  wait_for('copydesk client to attach', function()
    client = vim.lsp.get_clients({ bufnr = buf, name = 'copydesk' })[1]
    return client ~= nil and client.initialized
  end)
  eq(client.offset_encoding, 'utf-8', 'offset_encoding')
  eq(client.config.root_dir, tmp, 'root_dir (from .git marker)')
  assert(sent_init, 'initialize params not captured')
  eq(sent_init.initializationOptions, {
    checks = {
      ['unattributed-quote'] = { enabled = true, severity = 'warning' },
      ['unbalanced-quote'] = { enabled = true, severity = 'error' },
    },
  }, 'initializationOptions sent')
  eq(sent_init.capabilities.textDocument.diagnostic, nil, 'pull-diagnostics capability (must not be advertised)')
  eq(client.server_capabilities.diagnosticProvider, nil, 'diagnosticProvider (ignored, push only)')
end)
if not attached then
  finish()
end

check('unattributed-quote warning on line 7, col 1, covering the quote; nothing on line 3', function()
  wait_for('unattributed-quote diagnostic', function()
    return #quote_diags(buf, 'unattributed-quote') > 0
  end)
  local ds = quote_diags(buf, 'unattributed-quote')
  eq(#ds, 1, 'number of unattributed-quote diagnostics')
  local d = ds[1]
  eq({ d.lnum, d.col, d.end_lnum, d.end_col }, { 6, 0, 6, #line7 }, 'range (0-based lnum/col)')
  eq(d.severity, vim.diagnostic.severity.WARN, 'severity')
  eq(d.source, 'copydesk', 'source')
  eq(#vim.diagnostic.get(buf, { lnum = 2 }), 0, 'diagnostics on line 3')
  eq(#quote_diags(buf, 'unbalanced-quote'), 0, 'unbalanced-quote diagnostics')
end)

check('hover (vim.lsp.buf.hover) on the line 3 quote shows Jen Psaki', function()
  local text = hover_at(buf, 3, 4)
  assert(text:find('Jen Psaki', 1, true), 'hover text without "Jen Psaki":\n' .. text)
end)

check('hover on the line 7 quote says it is unattributed', function()
  local text = hover_request(buf, 6, 4)
  assert(text:lower():find('unattributed', 1, true), 'hover text:\n' .. text)
end)

check('adding " Psaki said." after the quote clears the warning', function()
  vim.api.nvim_buf_set_text(buf, 6, #line7, 6, #line7, { ' Psaki said.' })
  wait_for('the warning to clear', function()
    return #quote_diags(buf, 'unattributed-quote') == 0
  end)
  eq(#vim.diagnostic.get(buf), 0, 'diagnostics after the edit')
end)

local prefix = 'Café 😀 — '
local quote = '"Nobody credits this one either."'
local lead = 'é😀 '
local attributed = '"Café 😀 owners are fine," Psaki said.'
check('after a multi-byte character, diagnostic columns are right (UTF-8 bytes)', function()
  vim.api.nvim_buf_set_lines(buf, -1, -1, false, { '', prefix .. quote, '', lead .. attributed })
  -- buffer lines (0-based): 7 '', 8 prefix..quote, 9 '', 10 lead..attributed
  wait_for('unattributed-quote diagnostic on line 9', function()
    local ds = quote_diags(buf, 'unattributed-quote')
    return #ds == 1 and ds[1].lnum == 8
  end)
  local d = quote_diags(buf, 'unattributed-quote')[1]
  eq({ d.lnum, d.col, d.end_lnum, d.end_col }, { 8, #prefix, 8, #prefix + #quote }, 'range in bytes')
  local r = raw[vim.uri_from_bufnr(buf)]
  local rd
  for _, x in ipairs(r or {}) do
    if x.code == 'unattributed-quote' then
      rd = x
    end
  end
  assert(rd, 'no raw unattributed-quote diagnostic seen')
  eq(rd.range.start, { line = 8, character = #prefix }, 'raw LSP start (utf-8 character)')
  eq(rd.range['end'], { line = 8, character = #prefix + #quote }, 'raw LSP end (utf-8 character)')
  eq(#quote_diags(buf, 'unattributed-quote'), 1, 'line 11 quote must be attributed')
end)

check('hover after multi-byte characters: inside the unattributed quote and inside an attributed one', function()
  local t1 = hover_at(buf, 9, #prefix + 3)
  assert(t1:lower():find('unattributed', 1, true), 'hover text:\n' .. t1)
  local col = #lead + assert(attributed:find('owners', 1, true)) - 1
  local t2 = hover_at(buf, 11, col)
  assert(t2:find('Jen Psaki', 1, true), 'hover text:\n' .. t2)
end)

check('workspace/didChangeConfiguration with settings.copydesk.checks changes severity', function()
  client.settings = {
    copydesk = {
      checks = {
        ['unattributed-quote'] = { enabled = true, severity = 'error' },
        ['unbalanced-quote'] = { enabled = true, severity = 'error' },
      },
    },
  }
  client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  wait_for('unattributed-quote as an error', function()
    local ds = quote_diags(buf, 'unattributed-quote')
    return #ds == 1 and ds[1].severity == vim.diagnostic.severity.ERROR
  end)
end)

check('markdown buffers attach too', function()
  local md = tmp .. '/article.md'
  vim.fn.writefile(fixture, md)
  vim.cmd.edit(vim.fn.fnameescape(md))
  local mbuf = vim.api.nvim_get_current_buf()
  eq(vim.bo[mbuf].filetype, 'markdown', 'filetype')
  wait_for('unattributed-quote diagnostic in markdown', function()
    local ds = quote_diags(mbuf, 'unattributed-quote')
    return #ds == 1 and ds[1].lnum == 6
  end)
end)

for _, c in ipairs(vim.lsp.get_clients()) do
  c:stop()
end
vim.wait(2000, function()
  return #vim.lsp.get_clients() == 0
end)
finish()
