<?php

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Auth;

class LoginController extends Controller
{
    public function __construct($username, $password, $account)
    {
        $this->middleware('guest');
    }

    public function login(Request $request)
    {
        $credentials = ['username' => $request->username, 'password' => $request->password];
        if (Auth::attempt($credentials)) {
            Auth::login(Auth::user(), true);
            $this->guard()->login(Auth::user());
            return redirect()->intended('dashboard');
        }
        return back();
    }
}
