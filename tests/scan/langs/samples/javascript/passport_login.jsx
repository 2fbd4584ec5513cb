import React from 'react';
import passport from 'passport';

export function LoginForm({ auth }) {
  const onSubmit = (e) => {
    e.preventDefault();
    auth.login({ username: e.target.username.value, password: e.target.password.value });
  };
  return <form onSubmit={onSubmit}><input name="username" /><input name="password" type="password" /></form>;
}

export function routes(app) {
  app.post('/login', passport.authenticate('local'), (req, res) => {
    req.login(req.user, () => res.redirect('/'));
  });
}
